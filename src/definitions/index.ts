/** Build definitions as projects write them: compose files, bake files, CI workflows. Pure: text in, definitions out. */
export type { BuildDefinition, ContextSource, DefinitionOrigin, DefinitionProblem, DefinitionWarning, DefinitionsResult, DockerfileSource, SourceText, Unresolved } from './types.js';
export { problemText } from './types.js';
export { readCompose, type ComposeInput } from './compose/read-compose.js';
export { parseDotenv } from './compose/dotenv.js';
export { readBake, type BakeInput } from './bake/read-bake.js';
export { readWorkflow, type BakeStep, type WorkflowBuilds } from './workflow/read-workflow.js';
export type { HostFacts } from './hcl/functions.js';
