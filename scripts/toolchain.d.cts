export declare const TEMPORAL_CLI_VERSION: string;
export declare const TEMPORAL_CLI_MODULE: string;
export declare function testServerVersion(): string;
export declare function cacheRoot(): string;
export declare function cachedCliPath(): string;
export declare function testServerDir(): string;
export declare function testServerWrapperPath(): string;
export declare function isExecutable(path: string): boolean;
export declare function onPath(name: string): string | undefined;
export declare function resolveTemporalCli(): string | undefined;
export declare function resolveTestServer(): string | undefined;
export interface ClusterTool {
  name: 'server' | 'sql-tool' | 'ui-server';
  module: string;
  version: string;
  binary: string;
}
export declare const CLUSTER_TOOLS: ClusterTool[];
export declare function clusterToolPath(tool: ClusterTool): string;
export declare function resolveClusterTools(): { server: string; sqlTool: string; uiServer: string } | undefined;
