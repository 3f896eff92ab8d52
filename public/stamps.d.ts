// Types for stamps.js, which the build imports (src/site/dates.ts) and the browser runs as is.
export declare function formatInterval(ms: number): string;
export declare function isSameCalendarDay(aMs: number, bMs: number, timeZone: string): boolean;
export declare function stampText(instantMs: number, nowMs: number, timeZone: string, absoluteText: string | null): string;
export declare function calendarDay(epochMs: number, timeZone: string): string;
