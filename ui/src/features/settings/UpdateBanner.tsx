import { Alert, App, Button, Space } from "antd";
import { useState } from "react";
import { useUpdateCheck } from "../../lib/queries";
import { openInstaller } from "./UpdatesCard";

/**
 * Under the header when the district publishes a newer version: the core's sentence, what
 * is new, and the way to the installer. Nothing installs by itself: the worker closes the
 * program and runs the installer. Dismissed until the next start.
 */
export default function UpdateBanner() {
  const { message } = App.useApp();
  const check = useUpdateCheck();
  const [hidden, setHidden] = useState<string | null>(null);
  const found = check.data;
  if (!found?.newer || hidden === found.latest) return null;
  return (
    <Alert
      type="info"
      banner
      data-testid="update-banner"
      title={found.message}
      description={found.notes ? `更新内容：${found.notes}` : undefined}
      action={
        <Space>
          {found.installer && (
            <Button
              size="small"
              type="primary"
              onClick={() => void openInstaller(message.error)}
              data-testid="update-banner-open"
            >
              打开安装包位置
            </Button>
          )}
          <Button size="small" onClick={() => setHidden(found.latest)} data-testid="update-banner-close">
            知道了
          </Button>
        </Space>
      }
    />
  );
}
