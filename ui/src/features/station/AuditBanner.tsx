import { Alert } from "antd";
import { useAuditStatus } from "../../lib/queries";

/**
 * The red banner under the header when the audit log's hash chain is broken: Rust checks
 * the rows written since the last check when the window opens and writes the sentence
 * (操作记录校验未通过：…, with the first broken row); this only shows it.
 */
export default function AuditBanner() {
  const status = useAuditStatus();
  const warning = status.data?.warning;
  if (!warning) return null;
  return <Alert type="error" banner data-testid="audit-banner" message={warning} />;
}
