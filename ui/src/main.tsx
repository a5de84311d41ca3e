import "dayjs/locale/zh-cn";
import "./index.css";
import dayjs from "dayjs";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import Root from "./App";

dayjs.locale("zh-cn");

async function start() {
  // In a plain browser (no Tauri) the commands go to the dev server (`make dev`). It is a
  // separate chunk that the real window never loads.
  if (!("__TAURI_INTERNALS__" in window)) {
    const { installDevServerIpc } = await import("./dev/devServer");
    installDevServerIpc();
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
