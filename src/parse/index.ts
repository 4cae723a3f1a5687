export type { Flag, Heredoc, Instruction, Directives, ParsedDockerfile, ParseProblem } from './instruction.js';
export { parseDockerfile } from './from-dockerfile-ast.js';
export { KEYWORDS } from './keywords.js';
export { joinContinuations, splitCommand, parseExecForm } from './logical-line.js';
export { argDeclarations, expandWord, splitWords, type Vars } from './expand.js';
export { LIMITS, LimitExceeded, addEnvironmentWork, atLine, checkEnvironment, describeSize, type LimitName } from './limits.js';
