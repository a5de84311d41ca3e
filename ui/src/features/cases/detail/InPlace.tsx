// The frame every in-place form of the case drawer shares: a title, the form, and its two
// buttons, with the keyboard a worker at the desk expects. Ctrl+Enter saves from anywhere
// in it (Enter alone in a text box starts a new line, and an input method uses Enter to
// finish a word), Ctrl+Shift+Enter presses the second button where there is one, Escape
// cancels without closing the drawer.
import { Alert, Button, Flex, Typography } from "antd";
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect } from "react";
import { scaled } from "../../../lib/display";

/**
 * Puts the focus on `ref` once the form is shown. Later than React's `autoFocus`: the
 * drawer focuses its own panel when it opens, which would otherwise take the focus back.
 */
export function useFocusWhenShown(ref: RefObject<{ focus: () => void } | null>, when = true) {
  useEffect(() => {
    if (!when) return;
    const timer = setTimeout(() => ref.current?.focus(), 80);
    return () => clearTimeout(timer);
  }, [ref, when]);
}

export default function InPlace({
  title,
  hint,
  okText,
  okDanger,
  saving,
  error,
  errorTestId,
  testId,
  onOk,
  onCancel,
  okRef,
  also,
  children,
}: {
  title: ReactNode;
  /** A line next to the title, e.g. what saving does to the case. */
  hint?: ReactNode;
  okText: string;
  okDanger?: boolean;
  saving: boolean;
  error: string | null;
  errorTestId: string;
  /** The id of the save button, for the end-to-end tests. */
  testId: string;
  onOk: () => void;
  /** None: the form is the case's usual next step and stays. */
  onCancel?: () => void;
  okRef?: RefObject<HTMLButtonElement | null>;
  /** A second way to save, e.g. 保存并转为处理中. */
  also?: { text: string; testId: string; onOk: () => void };
  children: ReactNode;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (saving) return;
      if (e.shiftKey && also) also.onOk();
      else onOk();
    } else if (e.key === "Escape" && onCancel) {
      // The drawer closes on Escape too; here Escape only closes the form.
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys of the form inside, not a control.
    <div className="sd-in-place" onKeyDown={onKeyDown} data-testid="case-in-place">
      <Flex align="baseline" gap={12} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{title}</Typography.Text>
        {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
      </Flex>
      {children}
      {error && (
        <Alert type="error" showIcon title={error} data-testid={errorTestId} style={{ marginBottom: 8 }} />
      )}
      <Flex align="center" gap={8}>
        <Button
          type="primary"
          danger={okDanger}
          loading={saving}
          onClick={onOk}
          data-testid={testId}
          ref={okRef}
          autoInsertSpace={false}
        >
          {okText}
        </Button>
        {also && (
          <Button disabled={saving} onClick={also.onOk} data-testid={also.testId} autoInsertSpace={false}>
            {also.text}
          </Button>
        )}
        {onCancel && (
          <Button onClick={onCancel} autoInsertSpace={false}>
            取消
          </Button>
        )}
        <Typography.Text type="secondary" style={{ fontSize: scaled(12) }}>
          Ctrl+Enter {okText}
          {also ? `，Ctrl+Shift+Enter ${also.text}` : ""}
          {onCancel ? "，Esc 取消" : ""}
        </Typography.Text>
      </Flex>
    </div>
  );
}
