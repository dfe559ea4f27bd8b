// One line of feedback under a form: an error in red or a confirmation in green.
import { Text } from '@tarojs/components';

export function StatusText({ id, error, notice }: { id: string; error?: string | null; notice?: string | null }) {
  if (error) {
    return (
      <Text className="error-text" id={id}>
        {error}
      </Text>
    );
  }
  if (notice) {
    return (
      <Text className="notice-text" id={id}>
        {notice}
      </Text>
    );
  }
  return null;
}
