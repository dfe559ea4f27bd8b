// A small stand-in for @tarojs/components: plain DOM elements with Taro's event shapes.
import type { ReactNode } from 'react';

interface Common {
  id?: string;
  className?: string;
  style?: Record<string, string | number>;
  children?: ReactNode;
  onClick?: () => void;
}

export function View({ children, ...rest }: Common) {
  return <div {...rest}>{children}</div>;
}

export function Text({ children, id, className, onClick, ...rest }: Common & { userSelect?: boolean; 'data-date'?: string }) {
  return (
    <span id={id} className={className} onClick={onClick} data-date={rest['data-date']}>
      {children}
    </span>
  );
}

export function ScrollView({ children, id, className }: Common & { scrollY?: boolean }) {
  return (
    <div id={id} className={className}>
      {children}
    </div>
  );
}

export function Button({
  children,
  id,
  className,
  disabled,
  onClick,
}: Common & { disabled?: boolean; loading?: boolean; openType?: string; onGetPhoneNumber?: unknown }) {
  return (
    <button type="button" id={id} className={className} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}

export function Input({
  id,
  className,
  value,
  placeholder,
  password,
  onInput,
}: Common & {
  value?: string;
  placeholder?: string;
  password?: boolean;
  onInput?: (e: { detail: { value: string } }) => void;
}) {
  return (
    <input
      id={id}
      className={className}
      value={value}
      placeholder={placeholder}
      type={password ? 'password' : 'text'}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Textarea({
  id,
  className,
  value,
  placeholder,
  onInput,
}: Common & {
  value?: string;
  placeholder?: string;
  maxlength?: number;
  onInput?: (e: { detail: { value: string } }) => void;
}) {
  return (
    <textarea
      id={id}
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Picker({ children }: Common & { onChange?: unknown }) {
  return <div>{children}</div>;
}

export function Image({ id, className, src }: Common & { src: string; mode?: string; showMenuByLongpress?: boolean }) {
  return <img id={id} className={className} src={src} alt="" />;
}
