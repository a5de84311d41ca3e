import "dayjs/locale/zh-cn";
import "./index.css";
import dayjs from "dayjs";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import Root from "./App";

dayjs.locale("zh-cn");

async function start() {
  // In a plain browser (no Tauri) `?mock` loads an in-memory backend for looking at the UI.
  // It is a separate chunk that the real window never loads.
  const params = new URLSearchParams(window.location.search);
  if (!("__TAURI_INTERNALS__" in window) && params.has("mock")) {
    const { installMockBackend } = await import("./dev/mockBackend");
    installMockBackend(params.get("mock") ?? "");
  }
  const container = document.getElementById("root");
  if (!container) throw new Error("#root is missing from index.html");
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

void start();
