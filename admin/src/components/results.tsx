// The 403 and 404 pages.
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

export function Forbidden() {
  const navigate = useNavigate();
  return (
    <div data-testid="forbidden">
      <Result
        status="403"
        title="无权限访问"
        subTitle="您的账号没有权限查看此页面，如需使用请联系管理员。"
        extra={
          <Button type="primary" onClick={() => void navigate('/')}>
            返回数据概览
          </Button>
        }
      />
    </div>
  );
}

export function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回数据概览
        </Button>
      }
    />
  );
}
