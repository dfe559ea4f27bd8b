// The console: Refine (auth, access control, resources → the sider menu) on React Router under
// /admin, the antd ThemedLayout, and one lazily loaded chunk per screen.
import {
  DashboardOutlined,
  WalletOutlined,
  CrownOutlined,
  CalendarOutlined,
  FieldTimeOutlined,
  TrophyOutlined,
  AuditOutlined,
  ScheduleOutlined,
  NotificationOutlined,
  ThunderboltOutlined,
  GiftOutlined,
  MessageOutlined,
  SettingOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { Authenticated, Refine, useLogout, type ResourceProps } from '@refinedev/core';
import { ThemedLayout, ThemedSider, ThemedTitle, type RefineThemedLayoutSiderProps } from '@refinedev/antd';
import routerProvider, { CatchAllNavigate, NavigateToResource } from '@refinedev/react-router';
import { Spin } from 'antd';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { onSessionEnded } from './api/client';
import { accessControlProvider, authProvider } from './auth/auth-provider';
import { Guard } from './components/guard';
import { Header } from './components/header';
import { NotFound } from './components/results';
import { i18nProvider } from './i18n';
import { LoginPage } from './pages/login/login-page';
import { queryClient } from './query-client';

const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page'));
const MemberListPage = lazy(() => import('./pages/members/member-list-page'));
const MemberShowPage = lazy(() => import('./pages/members/member-show-page'));
const ProgrammePage = lazy(() => import('./pages/programme/programme-page'));
const StoredValuePlansPage = lazy(() => import('./pages/stored-value/stored-value-plans-page'));
const StoredValueSettingsPage = lazy(() => import('./pages/stored-value/stored-value-settings-page'));
const SettlementPage = lazy(() => import('./pages/stored-value/settlement-page'));
const MembershipPlansPage = lazy(() => import('./pages/membership/membership-plans-page'));
const CouponTemplateListPage = lazy(() => import('./pages/coupons/coupon-template-list-page'));
const CouponTemplateCreatePage = lazy(() => import('./pages/coupons/coupon-template-create-page'));
const SegmentListPage = lazy(() => import('./pages/segments/segment-list-page'));
const SegmentEditorPage = lazy(() => import('./pages/segments/segment-editor-page'));
const SegmentMembersPage = lazy(() => import('./pages/segments/segment-members-page'));
const StoresPage = lazy(() => import('./pages/stores/stores-page'));
const CampaignListPage = lazy(() => import('./pages/campaigns/campaign-list-page'));
const CampaignCreatePage = lazy(() => import('./pages/campaigns/campaign-create-page'));
const CampaignShowPage = lazy(() => import('./pages/campaigns/campaign-show-page'));
const AutomationsPage = lazy(() => import('./pages/campaigns/automations-page'));
const StaffPage = lazy(() => import('./pages/staff/staff-page'));
const FeedbackPage = lazy(() => import('./pages/feedback/feedback-page'));
const LotteryListPage = lazy(() => import('./pages/lotteries/lottery-list-page'));
const LotteryCreatePage = lazy(() => import('./pages/lotteries/lottery-create-page'));
const LotteryShowPage = lazy(() => import('./pages/lotteries/lottery-show-page'));
const EngagementPage = lazy(() => import('./pages/engagement/engagement-page'));
const LifecyclePage = lazy(() => import('./pages/lifecycle/lifecycle-page'));
const AuditLogPage = lazy(() => import('./pages/audit/audit-log-page'));
const JobsPage = lazy(() => import('./pages/jobs/jobs-page'));
const TagsPage = lazy(() => import('./pages/tags/tags-page'));

const resources: ResourceProps[] = [
  { name: 'dashboard', list: '/', meta: { label: '数据概览', icon: <DashboardOutlined /> } },
  { name: 'members', list: '/members', show: '/members/:id', meta: { label: '会员', icon: <UserOutlined /> } },
  { name: 'tags', list: '/tags', meta: { label: '标签', icon: <TagsOutlined /> } },
  { name: 'programme', list: '/programme', meta: { label: '会员方案', icon: <SettingOutlined /> } },
  { name: 'stored-value', meta: { label: '储值', icon: <WalletOutlined /> } },
  { name: 'stored-value-plans', list: '/stored-value/plans', meta: { label: '储值方案', parent: 'stored-value' } },
  { name: 'stored-value-settings', list: '/stored-value/settings', meta: { label: '储值设置', parent: 'stored-value' } },
  { name: 'stored-value-settlement', list: '/stored-value/settlement', meta: { label: '跨店结算', parent: 'stored-value' } },
  { name: 'membership-plans', list: '/membership/plans', meta: { label: '付费会员', icon: <CrownOutlined /> } },
  {
    name: 'coupon-templates',
    list: '/coupons',
    create: '/coupons/create',
    meta: { label: '优惠券', icon: <GiftOutlined /> },
  },
  {
    name: 'segments',
    list: '/segments',
    create: '/segments/create',
    edit: '/segments/:id/edit',
    show: '/segments/:id',
    meta: { label: '人群', icon: <UsergroupAddOutlined /> },
  },
  {
    name: 'campaigns',
    list: '/campaigns',
    create: '/campaigns/create',
    show: '/campaigns/:id',
    meta: { label: '营销活动', icon: <NotificationOutlined /> },
  },
  { name: 'automations', list: '/automations', meta: { label: '自动化', icon: <ThunderboltOutlined /> } },
  {
    name: 'lotteries',
    list: '/lotteries',
    create: '/lotteries/create',
    show: '/lotteries/:id',
    meta: { label: '抽奖', icon: <TrophyOutlined /> },
  },
  { name: 'engagement', list: '/engagement', meta: { label: '签到与邀请', icon: <CalendarOutlined /> } },
  { name: 'lifecycle', list: '/lifecycle', meta: { label: '生命周期', icon: <FieldTimeOutlined /> } },
  { name: 'feedback', list: '/feedback', meta: { label: '反馈', icon: <MessageOutlined /> } },
  { name: 'stores', list: '/stores', meta: { label: '门店', icon: <ShopOutlined /> } },
  { name: 'staff', list: '/staff', meta: { label: '员工', icon: <TeamOutlined /> } },
  { name: 'audit-log', list: '/audit-log', meta: { label: '操作日志', icon: <AuditOutlined /> } },
  { name: 'jobs', list: '/jobs', meta: { label: '任务', icon: <ScheduleOutlined /> } },
];

function Title({ collapsed }: { collapsed: boolean }) {
  return <ThemedTitle collapsed={collapsed} text="会员" icon={<GiftOutlined />} />;
}

/** The menu without Refine's own logout item: 退出 is in the header. */
function Sider(props: RefineThemedLayoutSiderProps) {
  return <ThemedSider {...props} fixed render={({ items }) => items} />;
}

/** A 401 on any call (the token was revoked or expired) logs out through Refine. */
function SessionWatcher() {
  const { mutate: logout } = useLogout();
  useEffect(() => onSessionEnded(() => logout({ redirectPath: '/login?expired=1' })), [logout]);
  return null;
}

function Screen({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 64, textAlign: 'center' }}>
          <Spin />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  return (
    <BrowserRouter basename="/admin">
      <Refine
        routerProvider={routerProvider}
        authProvider={authProvider}
        accessControlProvider={accessControlProvider}
        i18nProvider={i18nProvider}
        resources={resources}
        options={{
          disableTelemetry: true,
          reactQuery: { clientConfig: queryClient },
          title: { text: '会员 管理后台' },
        }}
      >
        <SessionWatcher />
        <Routes>
          <Route
            element={
              <Authenticated key="console" fallback={<CatchAllNavigate to="/login" />}>
                <ThemedLayout Header={Header} Title={Title} Sider={Sider}>
                  <Screen>
                    <Outlet />
                  </Screen>
                </ThemedLayout>
              </Authenticated>
            }
          >
            <Route index element={<DashboardPage />} />
            <Route path="members">
              <Route index element={<MemberListPage />} />
              <Route path=":id" element={<MemberShowPage />} />
            </Route>
            <Route
              path="tags"
              element={
                <Guard resource="tags">
                  <TagsPage />
                </Guard>
              }
            />
            <Route
              path="programme"
              element={
                <Guard resource="programme">
                  <ProgrammePage />
                </Guard>
              }
            />
            <Route path="stored-value">
              <Route
                path="plans"
                element={
                  <Guard resource="stored-value-plans">
                    <StoredValuePlansPage />
                  </Guard>
                }
              />
              <Route
                path="settings"
                element={
                  <Guard resource="stored-value-settings">
                    <StoredValueSettingsPage />
                  </Guard>
                }
              />
              <Route
                path="settlement"
                element={
                  <Guard resource="stored-value-settlement">
                    <SettlementPage />
                  </Guard>
                }
              />
            </Route>
            <Route
              path="membership/plans"
              element={
                <Guard resource="membership-plans">
                  <MembershipPlansPage />
                </Guard>
              }
            />
            <Route
              path="coupons"
              element={
                <Guard resource="coupon-templates">
                  <Outlet />
                </Guard>
              }
            >
              <Route index element={<CouponTemplateListPage />} />
              <Route path="create" element={<CouponTemplateCreatePage />} />
            </Route>
            <Route
              path="campaigns"
              element={
                <Guard resource="campaigns">
                  <Outlet />
                </Guard>
              }
            >
              <Route index element={<CampaignListPage />} />
              <Route path="create" element={<CampaignCreatePage />} />
              <Route path=":id" element={<CampaignShowPage />} />
            </Route>
            <Route
              path="automations"
              element={
                <Guard resource="automations">
                  <AutomationsPage />
                </Guard>
              }
            />
            <Route
              path="segments"
              element={
                <Guard resource="segments">
                  <Outlet />
                </Guard>
              }
            >
              <Route index element={<SegmentListPage />} />
              <Route path="create" element={<SegmentEditorPage />} />
              <Route path=":id/edit" element={<SegmentEditorPage />} />
              <Route path=":id" element={<SegmentMembersPage />} />
            </Route>
            <Route
              path="lotteries"
              element={
                <Guard resource="lotteries">
                  <Outlet />
                </Guard>
              }
            >
              <Route index element={<LotteryListPage />} />
              <Route
                path="create"
                element={
                  <Guard resource="lotteries" action="create">
                    <LotteryCreatePage />
                  </Guard>
                }
              />
              <Route path=":id" element={<LotteryShowPage />} />
            </Route>
            <Route
              path="engagement"
              element={
                <Guard resource="engagement">
                  <EngagementPage />
                </Guard>
              }
            />
            <Route
              path="lifecycle"
              element={
                <Guard resource="lifecycle">
                  <LifecyclePage />
                </Guard>
              }
            />
            <Route
              path="feedback"
              element={
                <Guard resource="feedback">
                  <FeedbackPage />
                </Guard>
              }
            />
            <Route
              path="stores"
              element={
                <Guard resource="stores">
                  <StoresPage />
                </Guard>
              }
            />
            <Route
              path="staff"
              element={
                <Guard resource="staff">
                  <StaffPage />
                </Guard>
              }
            />
            <Route
              path="audit-log"
              element={
                <Guard resource="audit-log">
                  <AuditLogPage />
                </Guard>
              }
            />
            <Route
              path="jobs"
              element={
                <Guard resource="jobs">
                  <JobsPage />
                </Guard>
              }
            />
            <Route path="*" element={<NotFound />} />
          </Route>
          <Route
            element={
              <Authenticated key="login" fallback={<Outlet />}>
                <NavigateToResource resource="dashboard" />
              </Authenticated>
            }
          >
            <Route path="/login" element={<LoginPage />} />
          </Route>
        </Routes>
      </Refine>
    </BrowserRouter>
  );
}
