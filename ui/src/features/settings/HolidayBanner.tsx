import { Alert, Button } from "antd";
import { useHolidayCoverage } from "../../lib/queries";

/**
 * The warning under the header when this year's holiday calendar, or from 1 November next
 * year's, is missing: Rust decides when and says what; this only shows it, with the way
 * to 设置 → 节假日.
 */
export default function HolidayBanner({ onOpen }: { onOpen: () => void }) {
  const coverage = useHolidayCoverage();
  const warning = coverage.data?.warning;
  if (!warning) return null;
  return (
    <Alert
      type="warning"
      banner
      data-testid="holiday-banner"
      message={warning}
      action={
        <Button size="small" onClick={onOpen} data-testid="holiday-banner-open">
          去导入
        </Button>
      }
    />
  );
}
