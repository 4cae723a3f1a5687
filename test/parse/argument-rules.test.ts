// Every refusal here was checked with Docker Engine 28.5 (`docker build`: "dockerfile parse error on line 2: ...").
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDockerfile } from '../../src/parse/index.js';

const t = suite('parse/argument-rules');

/** The problem BuildKit reports for line 2 when `line` follows a FROM, or null. */
function refused(line: string): string | null {
  const p = parseDockerfile(`FROM busybox:local\n${line}\n`).problems[0];
  if (p) assert.is(p.line, 2, `${line}: on its own line`);
  return p?.message ?? null;
}

const REFUSED: readonly [string, string][] = [
  ['COPY', 'COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['ADD a', 'ADD requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['COPY ["a"]', 'COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['WORKDIR', 'WORKDIR requires exactly one argument'],
  ['USER', 'USER requires exactly one argument'],
  ['STOPSIGNAL', 'STOPSIGNAL requires exactly one argument'],
  ['MAINTAINER', 'MAINTAINER requires exactly one argument'],
  ['ENV', 'ENV requires at least one argument'],
  ['ENV X', 'ENV must have two arguments'],
  ['LABEL x', 'LABEL must have two arguments'],
  ['ENV X=1 Y', 'Syntax error - can\'t find = in "Y". Must be of the form: name=value'],
  ['ENV =1', 'ENV names can not be blank'],
  ['LABEL =x', 'LABEL names can not be blank'],
  ['ARG', 'ARG requires at least one argument'],
  ['ARG A=1 =2', 'ARG names can not be blank'],
  ['EXPOSE', 'EXPOSE requires at least one argument'],
  ['VOLUME', 'VOLUME requires at least one argument'],
  ['SHELL', 'SHELL requires at least one argument'],
  ['SHELL []', 'SHELL requires at least one argument'],
  ['SHELL /bin/sh', 'SHELL requires the arguments to be in JSON form'],
  ['SHELL ["sh", 1]', 'when using JSON array syntax, arrays must be comprised of strings only'],
  ['HEALTHCHECK', 'HEALTHCHECK requires at least one argument'],
  ['HEALTHCHECK CMD', 'Missing command after HEALTHCHECK CMD'],
  ['HEALTHCHECK foo', 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
  ['HEALTHCHECK NONE x', 'HEALTHCHECK NONE takes no arguments'],
  ['ONBUILD', 'ONBUILD requires at least one argument'],
  ['ONBUILD FROM x', "FROM isn't allowed as an ONBUILD trigger"],
  ['ONBUILD ONBUILD RUN x', "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
  ['FROM', 'FROM requires either one or three arguments'],
  ['FROM busybox:local AS', 'FROM requires either one or three arguments'],
  ['FROM busybox:local FOO x', 'FROM requires either one or three arguments'],
  ['FROM --foo=1 busybox:local', 'unknown flag: --foo'],
  ['COPY --bogus=1 a b', 'unknown flag: --bogus'],
  ['RUN --security=insecure true', 'unknown flag: --security'],
  ['WORKDIR --foo /x', 'unknown flag: --foo'],
  ['COPY --chmod a /b', 'missing a value on flag: --chmod'],
  ['RUN --network true', 'missing a value on flag: --network'],
  ['COPY --link=x a b', 'expecting boolean value for flag --link, not: x'],
  ['RUN --network=foo true', 'invalid network mode "foo"'],
];

t('what BuildKit refuses at parse time is a problem on its line, in BuildKit\'s words', () => {
  for (const [line, message] of REFUSED) assert.is(refused(line), message, line);
});

t('what BuildKit accepts parses: bare RUN and CMD, legacy ENV, lower-case as, ONBUILD triggers unchecked', () => {
  for (const line of ['RUN', 'CMD', 'ENTRYPOINT', 'ENV X Y Z', 'ENV A=1 B="x y"', 'ARG A B', 'USER a b', 'WORKDIR a b', 'FROM busybox:local as x',
    'COPY --exclude=*.x --link --chown= a /b', 'ADD --unpack=true --keep-git-dir a /b', 'COPY <<EOF /dst\nx\nEOF', 'RUN --network=none --mount=type=cache,target=/c true',
    'HEALTHCHECK --interval=1s NONE', 'HEALTHCHECK --retries=3 CMD true', 'ONBUILD COPY a', 'ONBUILD WORKDIR', 'COPY --link=true a /b', 'SHELL ["/bin/sh", "-c"]']) {
    assert.is(refused(line), null, line);
  }
});

t.run();
