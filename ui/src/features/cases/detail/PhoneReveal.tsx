// 联系电话 in the case drawer: the masked number the core sends, and 显示完整号码 for a role
// that may see it. The core returns the full number and records who looked in the audit
// log (操作记录); the number is kept on screen only while the drawer shows this case.
import { EyeOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Typography } from "antd";
import { useState } from "react";
import { commands } from "../../../bindings";
import { call, errorMessage } from "../../../lib/ipc";
import { useMay } from "../../../lib/queries";

export default function PhoneReveal({
  caseId,
  masked,
  readOnly,
}: {
  caseId: number;
  masked: string;
  readOnly: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const may = useMay("phone_reveal");
  const [full, setFull] = useState<{ caseId: number; phone: string } | null>(null);
  const reveal = useMutation({
    mutationFn: () => call(commands.revealCasePhone(caseId)),
    onSuccess: (phone) => {
      setFull({ caseId, phone });
      // The look is on the case's timeline and in 操作记录 now.
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === "getCase" || q.queryKey[0] === "listAuditLog",
      });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const shown = full?.caseId === caseId ? full.phone : null;
  return (
    <span>
      <Typography.Text copyable={shown !== null ? { text: shown } : false} data-testid="case-phone">
        {shown ?? masked}
      </Typography.Text>
      {shown === null && may && !readOnly && (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          loading={reveal.isPending}
          onClick={() => reveal.mutate()}
          data-testid="case-phone-reveal"
        >
          显示完整号码
        </Button>
      )}
    </span>
  );
}
