// Coupons as the member and the cashier see them: the stub with the face value, an offer of the
// claim centre / points mall with its button, a wallet coupon, a tickable row at the till.
import { Button, Text, View } from '@tarojs/components';
import type { Coupon, CouponCenterItem } from '@huiyuan/shared';
import type { ReactNode } from 'react';
import {
  claimLabel,
  claimState,
  couponFace,
  couponTerms,
  couponValidity,
  limitText,
  offerValidity,
  STATUS_LABELS,
  type CouponTermsView,
} from '../services/coupons';
import './coupons.css';

function Stub({ terms, muted }: { terms: CouponTermsView; muted: boolean }) {
  const face = couponFace(terms);
  return (
    <View className={`coupon__stub coupon__stub--${terms.kind} ${muted ? 'coupon__stub--muted' : ''}`}>
      <View className="coupon__face">
        {terms.kind === 'cash' ? <Text className="coupon__currency">¥</Text> : null}
        <Text className="coupon__value">{face.value}</Text>
        {terms.kind === 'percent' ? <Text className="coupon__unit">{face.unit}</Text> : null}
      </View>
      <Text className="coupon__note">{face.note}</Text>
    </View>
  );
}

/** The terms under the title, unless the title already says exactly that (`满100减20`). */
function Terms({ title, terms }: { title: string; terms: CouponTermsView }) {
  const text = couponTerms(terms);
  return title === text ? null : <Text className="coupon__terms">{text}</Text>;
}

function Shell({
  id,
  className,
  data,
  terms,
  muted,
  children,
  onClick,
}: {
  id: string;
  className: string;
  data: Record<string, string>;
  terms: CouponTermsView;
  muted: boolean;
  children: ReactNode;
  onClick?: () => void;
}) {
  return (
    <View id={id} className={`coupon ${className}`} {...data} onClick={onClick}>
      <Stub terms={terms} muted={muted} />
      <View className="coupon__body">{children}</View>
    </View>
  );
}

/**
 * One offer. Ids repeat (`center-item` / `mall-item`, buttons `center-claim` / `mall-exchange`);
 * `data-template` carries the template id, the class `coupon-offer--<open|claimed|sold_out>` the state.
 */
export function OfferCard({
  item,
  mall = false,
  busy,
  onClaim,
}: {
  item: CouponCenterItem;
  mall?: boolean;
  busy: boolean;
  onClaim: (item: CouponCenterItem) => void;
}) {
  const state = claimState(item);
  const prefix = mall ? 'mall' : 'center';
  const validity = offerValidity(item);
  return (
    <Shell
      id={`${prefix}-item`}
      className={`coupon-offer coupon-offer--${state}`}
      data={{ 'data-template': item.templateId }}
      terms={item}
      muted={state !== 'open'}
    >
      <Text className="coupon__title">{item.title}</Text>
      <Terms title={item.title} terms={item} />
      {validity ? <Text className="coupon__line">{validity}</Text> : null}
      <Text className="coupon__line">
        剩余 {item.remaining} 张 · {limitText(item)}
      </Text>
      <View className="coupon__foot">
        {item.pointsCost ? (
          <Text className="coupon__price" id={`${prefix}-price`}>
            {item.pointsCost} 积分
          </Text>
        ) : (
          <Text className="coupon__free">免费领取</Text>
        )}
        <Button
          className={`coupon__btn coupon__btn--${state} ${busy ? 'btn--busy' : ''}`}
          id={mall ? 'mall-exchange' : 'center-claim'}
          data-template={item.templateId}
          onClick={() => onClaim(item)}
        >
          {claimLabel(item, mall)}
        </Button>
      </View>
    </Shell>
  );
}

/** A wallet coupon (`wallet-item`; `data-coupon`, `data-code`, `data-template`; class `coupon--<status>`); tap opens it. */
export function WalletCoupon({ coupon, onOpen }: { coupon: Coupon; onOpen: (coupon: Coupon) => void }) {
  return (
    <Shell
      id="wallet-item"
      className={`coupon--${coupon.status}`}
      data={{ 'data-coupon': coupon.id, 'data-code': coupon.code, 'data-template': coupon.templateId }}
      terms={coupon}
      muted={coupon.status !== 'available'}
      onClick={() => onOpen(coupon)}
    >
      <Text className="coupon__title">{coupon.title}</Text>
      <Terms title={coupon.title} terms={coupon} />
      <Text className="coupon__line">{couponValidity(coupon)}</Text>
      <View className="coupon__foot">
        <Text className={`coupon__status coupon__status--${coupon.status}`}>{STATUS_LABELS[coupon.status]}</Text>
        {coupon.status === 'available' ? <Text className="coupon__use">去使用 ›</Text> : null}
      </View>
    </Shell>
  );
}

/** A coupon at the till: the whole row toggles it (`cashier-coupon`, `data-code`, class `till-coupon--checked`). */
export function TillCouponRow({
  coupon,
  checked,
  onToggle,
}: {
  coupon: Coupon;
  checked: boolean;
  onToggle: (coupon: Coupon) => void;
}) {
  return (
    <View
      id="cashier-coupon"
      className={`till-coupon ${checked ? 'till-coupon--checked' : ''}`}
      data-code={coupon.code}
      onClick={() => onToggle(coupon)}
    >
      <View className={`till-coupon__box ${checked ? 'till-coupon__box--checked' : ''}`}>
        {checked ? <Text className="till-coupon__tick">✓</Text> : null}
      </View>
      <View className="till-coupon__main">
        <Text className="till-coupon__title">{coupon.title}</Text>
        <Text className="muted">
          {couponTerms(coupon)} · 至 {coupon.validTo}
          {coupon.stackable ? ' · 可叠加' : ''}
        </Text>
      </View>
    </View>
  );
}

export function CouponTabs<T extends string>({
  tabs,
  active,
  onChange,
  idPrefix,
}: {
  tabs: readonly { key: T; label: string }[];
  active: T;
  onChange: (key: T) => void;
  idPrefix: string;
}) {
  return (
    <View className="coupon-tabs">
      {tabs.map((t) => (
        <Text
          key={t.key}
          id={`${idPrefix}-${t.key}`}
          className={`coupon-tab ${t.key === active ? 'coupon-tab--active' : ''}`}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </Text>
      ))}
    </View>
  );
}

/** A confirmation over the page (weapp and H5 alike, and testable, unlike a native modal). */
export function ConfirmSheet({
  id,
  title,
  body,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  id: string;
  title: string;
  body: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <View className="sheet-mask" id={id}>
      <View className="sheet">
        <Text className="sheet__title">{title}</Text>
        <Text className="sheet__body">{body}</Text>
        <Button className={`btn btn-primary ${busy ? 'btn--busy' : ''}`} id={`${id}-ok`} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button className="btn btn-plain" id={`${id}-cancel`} onClick={onCancel}>
          再想想
        </Button>
      </View>
    </View>
  );
}
