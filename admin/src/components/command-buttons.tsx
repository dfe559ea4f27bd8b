// The commands an object's status allows (a campaign's launch / pause …, a lottery's pause / end),
// as buttons: a confirm first for those that cannot be taken back, the button busy while its
// request runs, the outcome as a message, the object's queries refreshed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { errorMessage } from '../api/errors';

export interface CommandSpec {
  label: string;
  /** Asked before running (irreversible or far-reaching commands). */
  confirm?: string;
  primary?: boolean;
  danger?: boolean;
}

export function CommandButtons<C extends string, T>({
  commands,
  specs,
  run,
  done,
  queryKey,
  testIdPrefix,
  size = 'small',
}: {
  /** The commands allowed now, in display order. */
  commands: readonly C[];
  specs: Record<C, CommandSpec>;
  run: (command: C) => Promise<T>;
  /** The success message for the command's answer. */
  done: (answer: T, command: C) => string;
  queryKey: readonly unknown[];
  testIdPrefix: string;
  size?: 'small' | 'middle';
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: (answer, command) => {
      void message.success(done(answer, command));
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space>
      {commands.map((command) => {
        const spec = specs[command];
        const button = (
          <Button
            key={command}
            size={size}
            type={spec.primary ? 'primary' : 'default'}
            danger={spec.danger}
            loading={mutation.isPending && mutation.variables === command}
            onClick={spec.confirm ? undefined : () => mutation.mutate(command)}
            data-testid={`${testIdPrefix}-${command}`}
          >
            {spec.label}
          </Button>
        );
        return spec.confirm ? (
          <Popconfirm
            key={command}
            title={spec.confirm}
            okText={spec.label}
            cancelText="返回"
            onConfirm={() => mutation.mutate(command)}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        );
      })}
    </Space>
  );
}
