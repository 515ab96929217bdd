export declare const LOG_DIR: string;
export declare function testLogPath(testFilePath: string): string;
