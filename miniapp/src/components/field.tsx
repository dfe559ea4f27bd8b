// A labelled text field in the app's style (H5 renders Input as a wrapper around a real <input>).
import { Input, Text, View } from '@tarojs/components';

export interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
  hint?: string | null;
  maxlength?: number;
}

export function Field({ id, label, value, onInput, placeholder, type = 'text', hint, maxlength }: FieldProps) {
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      <Input
        className="field-input"
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        maxlength={maxlength ?? 140}
        onInput={(e) => onInput(e.detail.value)}
      />
      {hint ? (
        <Text className="muted field-hint" id={`${id}-hint`}>
          {hint}
        </Text>
      ) : null}
    </View>
  );
}
