import { Text, View } from '@tarojs/components';
import { StatusText } from '../../../components/status-text';
import { formatDateTime } from '../../../hooks/use-points-history';
import { messageKindLabel, useMessages } from '../../../hooks/use-messages';
import '../../../pages/points/index.css';

export default function MessagesPage() {
  const { items, error } = useMessages();
  return (
    <View className="page" id="messages-page">
      <View className="panel" id="messages-list">
        {(items ?? []).map((n) => (
          <View
            key={n.id}
            className="history-item"
            id="message-item"
            data-kind={n.kind}
            data-unread={n.readAt === null ? '1' : '0'}
          >
            <View className="history-item__main">
              <Text className="history-item__reason">
                {n.readAt === null ? '● ' : ''}
                {n.title}
              </Text>
              <Text className="history-item__line" id="message-body">
                {n.body}
              </Text>
              <Text className="history-item__line">{formatDateTime(n.createdAt)}</Text>
            </View>
            <View className="history-item__side">
              <Text className="history-item__line muted">{messageKindLabel(n.kind)}</Text>
            </View>
          </View>
        ))}
        {items !== null && items.length === 0 ? (
          <Text className="muted history-footer" id="messages-empty">
            暂时没有消息
          </Text>
        ) : null}
      </View>
      <StatusText id="messages-error" error={error} />
    </View>
  );
}
