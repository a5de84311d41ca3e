import { type ReactNode, useEffect, useRef } from "react";

/**
 * Keeps an antd Select's clear button (×) out of the Tab order, so Tab goes from the
 * select straight to the next field. The × still works with the mouse.
 */
export default function SkipClearButton({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const fix = () => {
      for (const b of root.querySelectorAll<HTMLElement>(".ant-select-clear")) {
        if (b.tabIndex !== -1) b.tabIndex = -1;
      }
    };
    fix();
    const observer = new MutationObserver(fix);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return <div ref={ref}>{children}</div>;
}
