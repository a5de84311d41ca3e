// Unwraps the `Result` that every generated command returns, so pages can `try/catch`,
// and puts server-side field messages next to the fields of an antd form.
import type { FormInstance } from "antd";
import type { AppError, ErrorCode, FieldError } from "../bindings";

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** Shown when something other than a proper AppError came back (never a stack or JSON). */
const FALLBACK_MESSAGE = "操作没有完成：程序内部出错，请重试；如仍失败请联系管理员";

/** An error the user may read: `message` is a Chinese sentence from the server. */
export class IpcError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = "IpcError";
    this.appError = appError;
  }

  get code(): ErrorCode {
    return this.appError.code;
  }

  get fields(): FieldError[] {
    return this.appError.fields;
  }
}

/** Every code the core and the shell send (the generated `ErrorCode` union). */
const ERROR_CODES: Record<ErrorCode, true> = {
  invalid_input: true,
  not_found: true,
  conflict: true,
  busy: true,
  database: true,
  migrate: true,
  io: true,
  database_unavailable: true,
  no_staff: true,
  forbidden: true,
  login_failed: true,
  not_supported: true,
  internal: true,
};

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && v.code in ERROR_CODES && typeof v.message === "string";
}

function toAppError(raw: unknown): AppError {
  if (isAppError(raw)) {
    return { code: raw.code, message: raw.message, fields: Array.isArray(raw.fields) ? raw.fields : [] };
  }
  // A string from Tauri itself (unknown command, bad arguments) or a thrown Error:
  // log it for the developer, show the user a plain sentence.
  console.error("IPC failure", raw);
  return { code: "internal", message: FALLBACK_MESSAGE, fields: [] };
}

/** Awaits a generated command and returns its data, or throws an `IpcError`. */
export async function call<T>(pending: Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await pending;
  } catch (e) {
    throw new IpcError(toAppError(e));
  }
  if (result.status === "ok") return result.data;
  throw new IpcError(toAppError(result.error));
}

/** The sentence to show for any caught error. */
export function errorMessage(e: unknown): string {
  if (e instanceof IpcError) return e.message;
  console.error(e);
  return FALLBACK_MESSAGE;
}

/** `address.room` → `['address', 'room']`, the nested form path. */
export function fieldPath(field: string): string[] {
  return field.split(".");
}

/**
 * Shows each of an `invalid_input` error's field messages under its form field.
 * Returns the messages of fields the form does not have (to show elsewhere).
 */
export function applyFieldErrors(form: FormInstance, e: unknown, known: readonly string[]): string[] {
  if (!(e instanceof IpcError) || e.code !== "invalid_input") return [];
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const f of e.fields) {
    if (known.includes(f.field)) {
      byField.set(f.field, [...(byField.get(f.field) ?? []), f.message]);
    } else {
      unplaced.push(f.message);
    }
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: fieldPath(field), errors })));
  const first = [...byField.keys()][0];
  if (first) form.scrollToField(fieldPath(first), { block: "center", behavior: "smooth" });
  return unplaced;
}

/** Removes the messages under the given fields (e.g. once the user edits them). */
export function clearFieldErrors(form: FormInstance, paths: string[][]): void {
  if (paths.length > 0) form.setFields(paths.map((name) => ({ name, errors: [] })));
}
