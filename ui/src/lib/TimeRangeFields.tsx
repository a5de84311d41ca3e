import { DatePicker, Flex, Form, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import type { ReactNode } from "react";
import { scaled } from "./display";

/** A date with a start and end time (form fields `date`, `start`, `end`), the end checked
 * to come after the start; `testIdPrefix-date`, `-start`, `-end` for the tests. */
export default function TimeRangeFields({
  label,
  testIdPrefix,
  extra,
}: {
  label: string;
  testIdPrefix: string;
  extra?: ReactNode;
}) {
  const time = (placeholder: string, id: string) => (
    <TimePicker
      format="HH:mm"
      minuteStep={5}
      needConfirm={false}
      allowClear={false}
      placeholder={placeholder}
      style={{ width: scaled(110) }}
      data-testid={`${testIdPrefix}-${id}`}
    />
  );
  return (
    <Form.Item label={label} required style={{ marginBottom: 0 }}>
      <Flex gap={8} align="flex-start" wrap>
        <Form.Item name="date" rules={[{ required: true, message: "请选择日期" }]}>
          <DatePicker
            allowClear={false}
            style={{ width: scaled(150) }}
            data-testid={`${testIdPrefix}-date`}
          />
        </Form.Item>
        <Form.Item name="start" rules={[{ required: true, message: "请选择开始时间" }]}>
          {time("开始", "start")}
        </Form.Item>
        <span style={{ lineHeight: "32px" }}>至</span>
        <Form.Item
          name="end"
          dependencies={["start"]}
          rules={[
            { required: true, message: "请选择结束时间" },
            ({ getFieldValue }) => ({
              validator: (_, end: Dayjs | null) => {
                const start: Dayjs | null = getFieldValue("start");
                if (!end || !start) return Promise.resolve();
                return end.hour() * 60 + end.minute() > start.hour() * 60 + start.minute()
                  ? Promise.resolve()
                  : Promise.reject(new Error("结束时间须晚于开始时间"));
              },
            }),
          ]}
        >
          {time("结束", "end")}
        </Form.Item>
        {extra}
      </Flex>
    </Form.Item>
  );
}
