// A link that does something in the window (opens a case, a meeting): reachable with Tab
// and pressed with Enter or Space, as a button is. antd's Typography.Link without an href
// is an <a> the keyboard skips.
import { Typography } from "antd";
import type { ComponentProps, KeyboardEvent, MouseEvent } from "react";

type Props = Omit<ComponentProps<typeof Typography.Link>, "onClick" | "href"> & {
  onClick: (e: MouseEvent<HTMLElement> | KeyboardEvent<HTMLElement>) => void;
};

export default function ActionLink({ onClick, ...rest }: Props) {
  return (
    <Typography.Link
      {...rest}
      role="button"
      tabIndex={0}
      onClick={onClick}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onClick(e);
        }
      }}
    />
  );
}
