// The modal every 编辑 form uses: the form with its initial values, 保存 / 取消, the shared rule's
// problems found before sending, and the server's error (its per-field problems go onto the fields
// through showFieldErrors in the caller's mutation; a field's problem goes once it is edited). What
// was typed stays on any error.
import { Alert, Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { clearChangedErrors } from '../lib/form-errors';
import { ErrorAlert } from './error-alert';

export function EditModal<V extends object>({
  title,
  form,
  initialValues,
  onFinish,
  onClose,
  saving,
  problems = [],
  error,
  testId,
  width,
  children,
}: {
  title: string;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  onFinish: (values: V) => void;
  onClose: () => void;
  saving: boolean;
  /** Problems the shared rule found before sending. */
  problems?: readonly string[];
  /** The failed save's error, if any. */
  error: unknown;
  /** The form's data-testid; the error's is `${testId}-error`. */
  testId: string;
  /** The modal's width (antd's default 520 px when absent). */
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal
      title={title}
      open
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={width}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={(changed) => clearChangedErrors(form, changed)}
        data-testid={testId}
      >
        {children}
      </Form>
      {problems.length > 0 ? <Alert type="error" style={{ marginTop: 12 }} message={problems.join('；')} /> : null}
      {error ? <ErrorAlert error={error} testId={`${testId}-error`} /> : null}
    </Modal>
  );
}
