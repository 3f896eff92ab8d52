// The part of Eleventy 3's programmatic API and config API we use (the package ships no TypeScript types).
declare module "@11ty/eleventy" {
  export interface EleventyUserConfig {
    addFilter<A extends unknown[]>(name: string, filter: (...args: A) => string): void;
    addGlobalData(name: string, data: unknown): void;
    setNunjucksEnvironmentOptions(options: { autoescape?: boolean; throwOnUndefined?: boolean }): void;
    setQuietMode(quiet: boolean): void;
    setTemplateFormats(formats: string[]): void;
  }

  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    config?: (eleventyConfig: EleventyUserConfig) => void | Promise<void>;
  }

  export class Eleventy {
    constructor(input: string, output: string, options?: EleventyOptions);
    logger: { overrideLogger(logger: Pick<Console, "log" | "warn" | "error"> | false): void };
    write(): Promise<unknown>;
  }
}
