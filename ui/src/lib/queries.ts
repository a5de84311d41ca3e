// One query key per command, and the small hooks the pages read through. Every read goes
// through `call`, so a failure is an `IpcError` with a Chinese sentence. After a change,
// `invalidate*` marks what it affects as stale: what is on screen reads again at once, a
// page out of sight reads again when it is shown (its queries are enabled only then).
import { keepPreviousData, type QueryClient, useQuery } from "@tanstack/react-query";
import {
  type Action,
  type AuditQuery,
  type CalendarQuery,
  type CaseQuery,
  commands,
  type ErrandQuery,
  type MeetingQuery,
  type RateQuery,
} from "../bindings";
import { call } from "./ipc";

export const keys = {
  appState: ["appState"] as const,
  categories: ["listCategories"] as const,
  cases: (query: CaseQuery) => ["listCases", query] as const,
  attention: (page: number, pageSize: number) => ["listAttention", page, pageSize] as const,
  caseDetail: (id: number) => ["getCase", id] as const,
  /** A case number (`RA-2026-0001`) to its id, for `#/cases/<number>`. */
  caseByNumber: (number: string) => ["caseByNumber", number] as const,
  rates: (query: RateQuery) => ["rates", query] as const,
  rateFormulas: ["rateFormulas"] as const,
  serviceCounts: (from: string, to: string) => ["serviceCounts", from, to] as const,
  dayAgenda: (date: string) => ["dayAgenda", date] as const,
  meetings: (query: MeetingQuery) => ["listMeetings", query] as const,
  meeting: (id: number) => ["getMeeting", id] as const,
  calendar: (query: CalendarQuery) => ["listCalendar", query] as const,
  occurrence: (eventId: number, start: string) => ["getOccurrence", eventId, start] as const,
  errands: (query: ErrandQuery) => ["listErrands", query] as const,
  errandTypes: ["listErrandTypes"] as const,
  parties: ["listParties"] as const,
  timeLimits: ["listTimeLimits"] as const,
  calendarDays: (year: number) => ["listCalendarDays", year] as const,
  holidayCoverage: ["holidayCoverage"] as const,
  updateSource: ["updateSource"] as const,
  updateCheck: ["checkForUpdate"] as const,
  auditStatus: ["auditStatus"] as const,
  noticeTemplates: ["listNoticeTemplates"] as const,
  noticeFonts: ["listNoticeFonts"] as const,
  districtDashboard: (query: RateQuery) => ["districtDashboard", query] as const,
  districtRegister: (stationId: number, query: CaseQuery) => ["districtRegister", stationId, query] as const,
  districtCase: (stationId: number, id: number) => ["districtCase", stationId, id] as const,
};

/** The first element of every key that a case's change makes stale. */
const CASE_KEYS = [
  "listCases",
  "listAttention",
  "getCase",
  "rates",
  "dayAgenda",
  "listMeetings",
  "listAuditLog",
];

/**
 * A case was logged, moved on, edited or printed: the register, the 需关注 list, the open
 * case, the rates and today's page read again.
 */
export function invalidateCases(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => CASE_KEYS.includes(String(q.queryKey[0])),
  });
}

const SCHEDULE_KEYS = [
  "dayAgenda",
  "listCalendar",
  "getOccurrence",
  "listMeetings",
  "getMeeting",
  "listErrands",
  "serviceCounts",
];

/**
 * An event, an occurrence's sign-ups, a meeting or an errand changed: today's page, the
 * calendar, the meetings, the errand log and the service figures read again.
 */
export function invalidateSchedule(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => SCHEDULE_KEYS.includes(String(q.queryKey[0])),
  });
}

export function useCategories() {
  return useQuery({ queryKey: keys.categories, queryFn: () => call(commands.listCategories()) });
}

export function useCaseList(query: CaseQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.cases(query),
    queryFn: () => call(commands.listCases(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAttention(page: number, pageSize: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.attention(page, pageSize),
    queryFn: () => call(commands.listAttention(page, pageSize)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCaseDetail(id: number | null) {
  return useQuery({
    queryKey: keys.caseDetail(id ?? 0),
    queryFn: () => call(commands.getCase(id ?? 0)),
    enabled: id !== null,
  });
}

/**
 * The id of the case with this number. The search index holds each case's number, so the
 * register's search finds it; the row whose number is exactly this one is the case.
 */
export function useCaseIdByNumber(number: string | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.caseByNumber(number ?? ""),
    queryFn: async () => {
      const page = await call(
        commands.listCases({
          text: number,
          status: null,
          categoryId: null,
          channel: null,
          page: 1,
          pageSize: 20,
          sort: "received_desc",
        }),
      );
      return page.items.find((r) => r.number === number)?.id ?? null;
    },
    enabled: enabled && number !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRates(query: RateQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.rates(query),
    queryFn: () => call(commands.ratesReport(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The rate definitions, word for word from the core; they never change while running. */
export function useRateFormulas() {
  return useQuery({
    queryKey: keys.rateFormulas,
    queryFn: () => call(commands.rateFormulas()),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useServiceCounts(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.serviceCounts(from, to),
    queryFn: () => call(commands.serviceCounts(from, to)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDayAgenda(date: string, enabled: boolean) {
  return useQuery({ queryKey: keys.dayAgenda(date), queryFn: () => call(commands.dayAgenda(date)), enabled });
}

export function useCalendar(query: CalendarQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.calendar(query),
    queryFn: () => call(commands.listCalendar(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * One occurrence with its sign-ups. `keepShown`: while following an edited occurrence to
 * where it moved, the one shown stays until the moved one is read.
 */
export function useOccurrence(ref: { eventId: number; occurrenceStart: string } | null, keepShown: boolean) {
  return useQuery({
    queryKey: keys.occurrence(ref?.eventId ?? 0, ref?.occurrenceStart ?? ""),
    queryFn: () => call(commands.getOccurrence(ref?.eventId ?? 0, ref?.occurrenceStart ?? "")),
    enabled: ref !== null,
    placeholderData: (previous) => (keepShown ? previous : undefined),
  });
}

export function useMeetings(query: MeetingQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.meetings(query),
    queryFn: () => call(commands.listMeetings(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMeeting(id: number | null) {
  return useQuery({
    queryKey: keys.meeting(id ?? 0),
    queryFn: () => call(commands.getMeeting(id ?? 0)),
    enabled: id !== null,
  });
}

export function useErrands(query: ErrandQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.errands(query),
    queryFn: () => call(commands.listErrands(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useErrandTypes(enabled: boolean) {
  return useQuery({ queryKey: keys.errandTypes, queryFn: () => call(commands.listErrandTypes()), enabled });
}

export function useParties() {
  return useQuery({ queryKey: keys.parties, queryFn: () => call(commands.listParties()) });
}

export function useTimeLimits() {
  return useQuery({ queryKey: keys.timeLimits, queryFn: () => call(commands.listTimeLimits()) });
}

export function useCalendarDays(year: number) {
  return useQuery({
    queryKey: keys.calendarDays(year),
    queryFn: () => call(commands.listCalendarDays(year)),
    placeholderData: keepPreviousData,
  });
}

/** The audit log's chain, checked once when the window opens (the rows since the last check). */
export function useAuditStatus() {
  return useQuery({
    queryKey: keys.auditStatus,
    queryFn: () => call(commands.auditStatus()),
    staleTime: Infinity,
  });
}

/** Which years the official calendar covers, and the warning when one is missing. */
export function useHolidayCoverage() {
  // Hourly, so a window left open over 1 November shows the warning that day.
  return useQuery({
    queryKey: keys.holidayCoverage,
    queryFn: () => call(commands.holidayCoverage()),
    refetchInterval: 3_600_000,
  });
}

export function useUpdateSource() {
  return useQuery({ queryKey: keys.updateSource, queryFn: () => call(commands.updateSource()) });
}

/**
 * The district's version manifest, read once after login and then every six hours (a PC
 * left on for weeks still hears of a new version); never retried at once, since a shared
 * folder that is not connected answers the same a second later.
 */
export function useUpdateCheck() {
  return useQuery({
    queryKey: keys.updateCheck,
    queryFn: () => call(commands.checkForUpdate()),
    retry: false,
    staleTime: 6 * 3_600_000,
    refetchInterval: 6 * 3_600_000,
    refetchOnWindowFocus: false,
  });
}

export function useNoticeTemplates() {
  return useQuery({ queryKey: keys.noticeTemplates, queryFn: () => call(commands.listNoticeTemplates()) });
}

export function useNoticeFonts() {
  return useQuery({ queryKey: keys.noticeFonts, queryFn: () => call(commands.listNoticeFonts()) });
}

/** The street office's ranking of every station for a period. */
export function useDistrictDashboard(query: RateQuery) {
  return useQuery({
    queryKey: keys.districtDashboard(query),
    queryFn: () => call(commands.districtDashboard(query)),
    placeholderData: keepPreviousData,
  });
}

/** A station's register as the street office reads it (phones masked). */
export function useDistrictRegister(stationId: number, query: CaseQuery, enabled: boolean) {
  return useQuery({
    queryKey: keys.districtRegister(stationId, query),
    queryFn: () => call(commands.districtRegister(stationId, query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A case of a station, read-only, its phone masked. */
export function useDistrictCase(stationId: number | null, id: number | null) {
  return useQuery({
    queryKey: keys.districtCase(stationId ?? 0, id ?? 0),
    queryFn: () => call(commands.districtCase(stationId ?? 0, id ?? 0)),
    enabled: stationId !== null && id !== null,
  });
}

/**
 * Whether the one logged in may do `action`: the core's permission table, as the app state
 * carries it (`allowed`). The core refuses anyway; this only hides what would be refused.
 */
export function useMay(action: Action): boolean {
  const state = useQuery({
    queryKey: keys.appState,
    queryFn: () => call(commands.appState()),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return state.data?.allowed.includes(action) ?? false;
}

export function useAuditLog(query: AuditQuery, enabled: boolean) {
  return useQuery({
    queryKey: ["listAuditLog", query],
    queryFn: () => call(commands.listAuditLog(query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}
