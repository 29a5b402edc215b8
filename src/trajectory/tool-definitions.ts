/**
 * The tool definitions a rollout stores, as the record's `tools`: 0.169+ code mode
 * writes them as an `additional_tools` response item (namespaces of tools, exactly as
 * sent to the model); Codex Desktop 0.142+ keeps client-provided tools in
 * `session_meta.dynamic_tools`. Direct-tool sessions persist no definitions.
 */
import type { SessionMeta } from '../rollout/session-header.js';
import type { ToolDefinition } from './rl-schema.js';

export type { ToolDefinition };

type RawTool = { type?: unknown; name?: unknown; description?: unknown; parameters?: unknown; format?: unknown; input_schema?: unknown; tools?: unknown };

function toDefinition(tool: RawTool, namespace: string | null): ToolDefinition | null {
  if (typeof tool.name !== 'string') return null;
  return {
    namespace,
    name: tool.name,
    type: typeof tool.type === 'string' ? tool.type : 'function',
    description: typeof tool.description === 'string' ? tool.description : null,
    parameters: jsonTextOrNull(tool.parameters ?? tool.format ?? tool.input_schema ?? null),
  };
}

/** A definition's schema or grammar as JSON text: one column type whatever its shape. */
function jsonTextOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Flattens `[{type: "namespace", name, tools: [...]}, tool, ...]` into one list. */
export function flattenToolDefinitions(tools: unknown[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const entry of tools) {
    if (typeof entry !== 'object' || entry === null) continue;
    const tool = entry as RawTool;
    if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      const namespace = typeof tool.name === 'string' ? tool.name : null;
      for (const inner of tool.tools) {
        const definition = typeof inner === 'object' && inner !== null ? toDefinition(inner as RawTool, namespace) : null;
        if (definition) out.push(definition);
      }
      continue;
    }
    const definition = toDefinition(tool, null);
    if (definition) out.push(definition);
  }
  return out;
}

/** Desktop's client-provided tools (`session_meta.dynamic_tools`), else null. */
export function dynamicTools(meta: SessionMeta | null): ToolDefinition[] | null {
  const dynamic = (meta as { dynamic_tools?: unknown } | null)?.dynamic_tools;
  return Array.isArray(dynamic) && dynamic.length > 0 ? flattenToolDefinitions(dynamic) : null;
}
