import type { ChildProcess } from 'node:child_process';

export declare const repoRoot: string;
export declare class SetupError extends Error {}
export declare function ensureFerretBinary(options?: { log?: (line: string) => void }): string;
export declare function isListening(port: number, host?: string): Promise<boolean>;
export declare function freePort(): Promise<number>;
export interface RunningFerret {
  url: string;
  pid: number | undefined;
  child: ChildProcess;
  stop(): Promise<void>;
}
export declare function startFerret(options: {
  port: number;
  dataDir: string;
  log?: (line: string) => void;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}): Promise<RunningFerret>;
