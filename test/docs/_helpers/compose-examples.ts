/** The examples of docs/compose-bake.md: compose, bake and workflow projects planned by the real CLI. */
import { commitAll, git } from '../../git/_helpers/git-repo.js';
import { Scratch, type Producer } from './examples.js';

/** The voting app's shape: vote builds its dev stage, worker its last one. */
const VOTE = [
  'FROM busybox:1.36 AS base',
  'WORKDIR /app',
  'COPY requirements.txt ./',
  'RUN pip install -r requirements.txt',
  'FROM base AS dev',
  'COPY dev-tools.txt ./',
  'RUN xargs pip install < dev-tools.txt',
  'FROM base AS final',
  'COPY . .',
  '',
].join('\n');
const COMPOSE = ['services:', '  vote:', '    build:', '      context: ./vote', '      target: dev', '  worker:', '    build: ./worker', '  redis:', '    image: redis:alpine', ''].join('\n');

function votingApp(s: Scratch): void {
  writeAll(s, {
    'compose.yaml': COMPOSE,
    'vote/Dockerfile': VOTE,
    'vote/requirements.txt': 'flask\n',
    'vote/dev-tools.txt': 'watchdog\n',
    'vote/app.py': 'print("vote")\n',
    'worker/Dockerfile': 'FROM busybox:1.36\nCOPY worker.sh /\nRUN sh /worker.sh\n',
    'worker/worker.sh': 'echo work\n',
  });
}

function writeAll(s: Scratch, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) s.write(rel, text);
}

async function composeBuild(): Promise<string> {
  const s = new Scratch();
  votingApp(s);
  s.run(['build', '.'], { shownAs: 'layerplan build .' });
  return s.done();
}

async function composeCheck(): Promise<string> {
  const s = new Scratch();
  votingApp(s);
  committed(s);
  stagedEdit(s, 'echo "watchdog==4.0" > vote/dev-tools.txt && git add vote', { 'vote/dev-tools.txt': 'watchdog==4.0\n' });
  s.run(['check']);
  git(s.root, 'reset', '-q', '--hard');
  stagedEdit(s, 'git reset -q --hard && echo "print(2)" >> vote/app.py && git add vote', { 'vote/app.py': 'print("vote")\nprint(2)\n' });
  s.run(['check']);
  return s.done();
}

function committed(s: Scratch): void {
  git(s.root, 'init', '-q', '-b', 'main');
  commitAll(s.root);
}

/** Files written and staged, shown as the one shell line that does it. */
function stagedEdit(s: Scratch, shown: string, files: Record<string, string>): void {
  s.shell(shown, () => {
    writeAll(s, files);
    git(s.root, 'add', '-A');
  });
}

const BAKE = [
  'variable "GO_VERSION" { default = "1.22" }',
  'group "default" { targets = ["binaries"] }',
  'group "validate" { targets = ["lint", "vendor"] }',
  'target "_common" {',
  '  args = { GO_VERSION = GO_VERSION }',
  '}',
  'target "binaries" {',
  '  inherits = ["_common"]',
  '  target = "binaries"',
  '}',
  'target "lint" {',
  '  inherits = ["_common"]',
  '  dockerfile = "hack/lint.Dockerfile"',
  '}',
  'target "vendor" {',
  '  inherits = ["_common"]',
  '  dockerfile = "hack/vendor.Dockerfile"',
  '  target = "validate"',
  '}',
  '',
].join('\n');

async function bakeBuild(): Promise<string> {
  const s = new Scratch();
  writeAll(s, {
    'docker-bake.hcl': BAKE,
    Dockerfile: 'ARG GO_VERSION\nFROM golang:${GO_VERSION}-alpine AS build\nCOPY . /src\nRUN go build ./...\nFROM scratch AS binaries\nCOPY --from=build /src/bin /\n',
    'hack/lint.Dockerfile': 'ARG GO_VERSION\nFROM golang:${GO_VERSION}-alpine\nCOPY . /src\nRUN golangci-lint run\n',
    'hack/vendor.Dockerfile': 'ARG GO_VERSION\nFROM golang:${GO_VERSION}-alpine AS validate\nCOPY go.mod go.sum /src/\nRUN go mod verify\n',
    'go.mod': 'module example.com/x\n',
    'go.sum': '',
  });
  s.run(['build', '.', '--bake-target', 'validate'], { shownAs: 'layerplan build . --bake-target validate' });
  return s.done();
}

async function composeErrors(): Promise<string> {
  const s = new Scratch();
  s.write('compose.yaml', 'services:\n  api:\n    build:\n      context: ./api\n      args:\n        TOKEN: ${TOKEN:?set TOKEN to build api}\n');
  s.write('api/Dockerfile', 'FROM busybox:1.36\n');
  s.run(['build', '.'], { shownAs: 'layerplan build .' });
  s.shell("printf 'services:\\n  api:\\n    build: [\\n' > compose.yaml", () => s.write('compose.yaml', 'services:\n  api:\n    build: [\n'));
  s.run(['build', '.'], { shownAs: 'layerplan build .' });
  s.shell("printf 'services:\\n  api:\\n    build: ./nope\\n' > compose.yaml", () => s.write('compose.yaml', 'services:\n  api:\n    build: ./nope\n'));
  s.run(['build', '.'], { shownAs: 'layerplan build .' });
  return s.done();
}

async function workflowCheck(): Promise<string> {
  const s = new Scratch();
  s.write('.github/workflows/image.yml', [
    'on: push',
    'jobs:',
    '  image:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: Build and push',
    '        uses: docker/build-push-action@v6',
    '        with:',
    '          context: .',
    '          file: docker/app.Dockerfile',
    '          target: runtime',
    '          build-args: |',
    '            VERSION=${{ github.sha }}',
    '            MODE=release',
    '',
  ].join('\n'));
  s.write('docker/app.Dockerfile', 'FROM busybox:1.36 AS runtime\nARG MODE\nCOPY config/ /etc/app/\nRUN echo $MODE > /etc/app/mode\n');
  s.write('config/app.conf', 'a=1\n');
  committed(s);
  stagedEdit(s, 'echo "a=2" > config/app.conf && git add config', { 'config/app.conf': 'a=2\n' });
  s.run(['check']);
  return s.done();
}

export const COMPOSE_EXAMPLES: readonly (readonly [string, Producer])[] = [
  ['compose-build', composeBuild],
  ['compose-check', composeCheck],
  ['bake-build', bakeBuild],
  ['compose-errors', composeErrors],
  ['workflow-check', workflowCheck],
];
