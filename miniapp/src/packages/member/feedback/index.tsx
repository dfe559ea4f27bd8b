import { Button, Text, Textarea, View } from '@tarojs/components';
import { FEEDBACK_CATEGORIES, FEEDBACK_CATEGORY_CODES } from '@huiyuan/shared';
import { StatusText } from '../../../components/status-text';
import { charactersLeft, useFeedbackForm } from '../../../hooks/use-feedback';
import { open, routeParam, ROUTES } from '../../../services/routes';
import './index.css';

const STARS = [1, 2, 3, 4, 5];

export default function FeedbackPage() {
  const orderNo = routeParam('orderNo');
  const { form, edit, submit, busy, error, sent } = useFeedbackForm(orderNo);

  return (
    <View className="page" id="feedback-page">
      <View className="panel">
        <Text className="panel-title">反馈类型</Text>
        {orderNo ? (
          <Text className="muted feedback-order" id="feedback-order">
            关于订单 {orderNo}
          </Text>
        ) : null}
        <View className="feedback-categories">
          {FEEDBACK_CATEGORY_CODES.map((code) => (
            <View
              key={code}
              id={`feedback-category-${code}`}
              className={`feedback-category ${form.category === code ? 'feedback-category--active' : ''}`}
              onClick={() => edit({ category: code })}
            >
              {FEEDBACK_CATEGORIES[code].label}
            </View>
          ))}
        </View>
      </View>

      <View className="panel">
        <Text className="panel-title">评分（选填）</Text>
        <View className="feedback-stars" id="feedback-stars">
          {STARS.map((n) => (
            <Text
              key={n}
              id={`feedback-star-${n}`}
              className={`feedback-star ${n <= form.rating ? 'feedback-star--on' : ''}`}
              onClick={() => edit({ rating: form.rating === n ? 0 : n })}
            >
              ★
            </Text>
          ))}
        </View>
      </View>

      <View className="panel">
        <Text className="panel-title">您的意见</Text>
        <Textarea
          className="feedback-text"
          id="feedback-content"
          value={form.content}
          maxlength={500}
          placeholder="请告诉我们您遇到的问题或建议（最多 500 字）"
          onInput={(e) => edit({ content: e.detail.value })}
        />
        <Text className="muted feedback-count" id="feedback-count">
          还可输入 {Math.max(0, charactersLeft(form.content))} 字
        </Text>
        <StatusText id="feedback-status" error={error} notice={sent ? '感谢您的反馈，门店回复后会通知您' : null} />
        <Button
          className={`btn btn-primary ${busy ? 'btn--busy' : ''}`}
          id="feedback-submit"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          提交反馈
        </Button>
      </View>

      <View className="panel card-row" id="feedback-mine-link" onClick={() => open(ROUTES.myFeedback)}>
        <Text>我的反馈</Text>
        <Text className="muted">查看处理进度与回复 ›</Text>
      </View>
    </View>
  );
}
