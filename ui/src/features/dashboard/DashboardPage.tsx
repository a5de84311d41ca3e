import { Alert, Card, Col, Flex, Row, Spin, Typography } from "antd";
import { useState } from "react";
import { scaled } from "../../lib/display";
import { errorMessage } from "../../lib/ipc";
import { useRateFormulas, useRates, useServiceCounts } from "../../lib/queries";
import PeriodBar, { type Period, periodQuery, thisYear } from "./PeriodBar";
import {
  BreakdownTable,
  COLORS,
  Count,
  categoryOption,
  days,
  EChart,
  NoData,
  RateCard,
  trendOption,
} from "./parts";
import ServicesSection from "./ServicesSection";

/**
 * 统计: the three rates, the counts and their breakdowns for a period. Its reads are enabled
 * only while the page is shown, so figures follow the day's work when it is shown again.
 */
export default function DashboardPage({ active }: { active: boolean }) {
  const [period, setPeriod] = useState<Period>(thisYear);
  const { from, to } = periodQuery(period);
  const rates = useRates({ from, to }, active);
  // The service figures come from the scheduling side; the rates show even if they fail.
  const servicesQuery = useServiceCounts(from, to, active);
  const formulas = useRateFormulas().data;

  const report = rates.data ?? null;
  const loading = rates.isFetching || servicesQuery.isFetching;
  const error = rates.error ? errorMessage(rates.error) : null;
  const services = servicesQuery.data ?? null;
  const servicesError = servicesQuery.error ? errorMessage(servicesQuery.error) : null;
  const reload = () => {
    void rates.refetch();
    void servicesQuery.refetch();
  };

  const t = report?.total;
  return (
    <div>
      <Flex align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          统计
        </Typography.Title>
        <PeriodBar
          period={period}
          onChange={setPeriod}
          onReload={reload}
          loading={loading}
          testId="dashboard"
        />
      </Flex>

      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!report && loading && (
        <div style={{ textAlign: "center", padding: 64 }}>
          <Spin size="large" />
        </div>
      )}
      {report && t && (
        <Spin spinning={loading}>
          <Row gutter={[16, 16]}>
            <Col span={8}>
              <RateCard
                title="响应率"
                formula={formulas?.response ?? ""}
                rate={t.responseRate}
                detail={`${t.respondedInTime} / ${t.received} 件按时响应`}
                testId="rate-response"
                color={COLORS.response}
              />
            </Col>
            <Col span={8}>
              <RateCard
                title="解决率"
                formula={formulas?.resolution ?? ""}
                rate={t.resolutionRate}
                detail={`${t.resolvedByResident} / ${t.followedUp} 件回访认为已解决`}
                testId="rate-resolution"
                color={COLORS.resolution}
              />
            </Col>
            <Col span={8}>
              <RateCard
                title="满意率"
                formula={formulas?.satisfaction ?? ""}
                rate={t.satisfactionRate}
                detail={`${t.satisfied} / ${t.followedUp} 件回访满意或基本满意`}
                testId="rate-satisfaction"
                color={COLORS.satisfaction}
              />
            </Col>
          </Row>
          <Card style={{ marginTop: 16 }} styles={{ body: { padding: "12px 16px" } }}>
            <Flex justify="space-around" wrap gap={12}>
              <Count
                label="受理"
                value={t.received}
                unit="件"
                testId="dashboard-received"
                hint="期间受理，不含重复件"
              />
              <Count label="办结" value={t.resolved} unit="件" testId="dashboard-resolved" hint="期间办结" />
              <Count
                label="超期"
                value={t.overdue}
                unit="件"
                testId="dashboard-overdue"
                hint="超过办结时限才办结，或至今未办结已超期"
                danger={t.overdue > 0}
              />
              <Count
                label="重新处理"
                value={t.reopened}
                unit="件"
                testId="dashboard-reopened"
                hint="回访后退回重新处理过的"
              />
              <Count
                label="重复件"
                value={t.duplicates}
                unit="件"
                testId="dashboard-duplicates"
                hint="同一问题又有居民反映"
              />
              <Count
                label="中位办结天数"
                value={days(t.medianDaysToResolve)}
                unit="天"
                testId="dashboard-median"
                hint="从受理到办结，一半诉求快于此数"
              />
            </Flex>
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col span={14}>
              <Card title="按月趋势" size="small">
                {report.byMonth.length === 0 ? <NoData /> : <EChart option={trendOption(report.byMonth)} />}
              </Card>
            </Col>
            <Col span={10}>
              <Card title="按分类" size="small">
                {report.byCategory.length === 0 ? (
                  <NoData />
                ) : (
                  <EChart option={categoryOption(report.byCategory)} />
                )}
              </Card>
            </Col>
          </Row>
          <Card title="按承办人" size="small" style={{ marginTop: 16 }}>
            <BreakdownTable rows={report.byAssignee} first="承办人" testId="dashboard-by-assignee" />
          </Card>
          {services && <ServicesSection counts={services} />}
          {servicesError && (
            <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>
              服务开展统计暂时无法读取：{servicesError}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: scaled(13) }}>
            统计期间 {report.from} 至 {report.to}
            （北京时间，含首尾两天）。把鼠标移到「?」上可看各项的计算方法。
          </Typography.Paragraph>
        </Spin>
      )}
    </div>
  );
}
