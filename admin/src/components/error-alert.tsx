// A failed request as the operator reads it: the code's Chinese message, every problem the server
// named, and (for a load) a retry button.
import { Alert, Button } from 'antd';
import { errorDetails, errorMessage, isApiError, type ClientErrorCode } from '../api/errors';

export function ErrorAlert({
  error,
  onRetry,
  overrides,
  testId,
}: {
  error: unknown;
  onRetry?: () => void;
  overrides?: Partial<Record<ClientErrorCode, string>>;
  testId?: string;
}) {
  const details = errorDetails(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId ?? 'error-alert'}
      data-code={isApiError(error) ? error.code : undefined}
      message={errorMessage(error, overrides)}
      description={
        details.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
