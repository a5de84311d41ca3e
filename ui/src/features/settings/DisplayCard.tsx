import { Alert, Card, Flex, Radio, Switch, Typography } from "antd";
import { useDisplay } from "../../lib/DisplayContext";
import { TEXT_SIZES, type TextSize } from "../../lib/display";
import { DUE_CODES } from "../../lib/dueColors";
import { DUE_LABELS } from "../../vocabulary";
import { DueColorTag } from "../cases/DueTag";

/**
 * 显示: the text size and the due colours of this computer (lib/display.ts). They apply at
 * once and are kept on this computer only, not in the station's data.
 */
export default function DisplayCard() {
  const { prefs, change, kept } = useDisplay();
  return (
    <Card title="显示（本机）" data-testid="display-card">
      <Typography.Paragraph type="secondary">
        只对这台电脑有效：选好后立即生效，下次打开仍然保持，不影响其他电脑和服务站数据。
      </Typography.Paragraph>
      <Flex vertical gap={16}>
        <Flex align="center" gap={16} wrap>
          <Typography.Text strong>文字大小</Typography.Text>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={prefs.textSize}
            onChange={(e) => change({ ...prefs, textSize: e.target.value as TextSize })}
            options={TEXT_SIZES.map((s) => ({
              value: s.value,
              label: <span data-testid={`display-size-${s.value}`}>{s.label}</span>,
            }))}
            data-testid="display-size"
          />
          <Typography.Text type="secondary">
            {TEXT_SIZES.map((s) => `${s.label} ${s.px} 像素`).join("，")}
          </Typography.Text>
        </Flex>
        <Flex align="center" gap={16} wrap>
          <Typography.Text strong>到期颜色</Typography.Text>
          <Switch
            checked={prefs.highContrast}
            checkedChildren="高对比度"
            unCheckedChildren="标准"
            onChange={(on) => change({ ...prefs, highContrast: on })}
            data-testid="display-contrast"
          />
          <Typography.Text type="secondary">台账的超期、临近时限等颜色更深，字更清楚</Typography.Text>
        </Flex>
        <Flex gap={8} wrap aria-label="到期颜色示例">
          {DUE_CODES.map((code) => (
            <DueColorTag key={code} code={code}>
              {DUE_LABELS[code]}
            </DueColorTag>
          ))}
        </Flex>
        {!kept && (
          <Alert
            type="warning"
            showIcon
            title="这台电脑没能保存这个选择：现在已生效，但下次打开会恢复原样。请检查用户目录是否可写。"
          />
        )}
      </Flex>
    </Card>
  );
}
