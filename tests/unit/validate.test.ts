/**
 * Bad input stops the build with file, line, field and problem. One fixture per failure class;
 * each guards against the validator going quiet about that class.
 */
import { describe, expect, test } from 'vitest';
import { formatProblem, validateContent } from '../../src/lib/validate.ts';
import { contentWithOverlay, validContent } from '../helpers/overlay.ts';
import { join } from 'node:path';

function problemsFor(overlay: string): string[] {
	const root = contentWithOverlay(overlay);
	return validateContent(join(root, 'content'), root).problems.map(formatProblem);
}

test('the valid fixture corpus has no problems', () => {
	const { problems, items } = validateContent(validContent);
	expect(problems).toEqual([]);
	expect(items.length).toBe(14);
});

describe.each([
	['unknown-key', ['content/subsystems/media.yaml:5: maintainer: unknown key "maintainer"']],
	['wrong-type', ['content/cves/CVE-2099-0001.yaml:8: reporters: Invalid input: expected array, received string']],
	[
		'dangling-reference',
		['content/guides/fixture-guide.mdx:6: uabis[1]: reference to a missing item: no uabis/no-such-uabi in content/uabis/'],
	],
	[
		'duplicate-id',
		[
			'content/cves/cve-2099-0001.yaml:1: (id): "cve-2099-0001" is not a CVE id such as CVE-2021-22543',
			'content/cves/cve-2099-0001.yaml:1: (id): duplicate id "cve-2099-0001": content/cves/CVE-2099-0001.yaml has the same id',
		],
	],
	[
		'duplicate-alias',
		['content/apis/fixture_pin.mdx:18: aliases[0]: duplicate id "fixture_lookup": it is the id of content/apis/fixture_lookup.mdx'],
	],
	[
		'malformed-version-file',
		['content/kernel-versions/5.x.yaml:1: (id): malformed version "5.x"; name the file after a mainline release such as 5.12.yaml'],
	],
	[
		'unquoted-version',
		['content/apis/fixture_lookup.mdx:8: introducedIn: must be the id of an item in kernel-versions'],
	],
	[
		'malformed-version-ref',
		['content/users/fixture-vfio-user.mdx:12: timeline[0].version: reference to a missing item: no kernel-versions/v5.12-rc1 in content/kernel-versions/'],
	],
	[
		'unordered-timeline',
		['content/uabis/fixture-userptr.mdx:12: behaviour[1].version: "5.11" comes before "6.1" of the previous event; list events oldest first'],
	],
	[
		'reserved-heading-id',
		[
			'content/guides/fixture-guide.mdx:12: body <H2 id="users">: "users" is an id of the guides page template; choose another',
			'content/guides/fixture-guide.mdx:16: body <H2 id="step">: duplicate heading id; line 14 uses it already',
			'content/guides/fixture-guide.mdx:18: body <H2 id="Bad_Id">: heading ids are lowercase letters, digits, dots and dashes',
		],
	],
	['malformed-mdx', ['content/guides/fixture-guide.mdx:14: body: malformed MDX: Expected a closing tag for `<Note>` (3:18) before the end of `paragraph`']],
	[
		'unsafe-html',
		[
			'content/guides/fixture-guide.mdx:14: body <script>: unsafe HTML: <script> is not allowed in content',
			'content/guides/fixture-guide.mdx:16: body <Note onClick>: unsafe HTML: event handler attribute onClick is not allowed',
			'content/guides/fixture-guide.mdx:18: body link javascript:alert(1): unsafe URL scheme',
		],
	],
	[
		'broken-internal-link',
		[
			'content/guides/fixture-guide.mdx:14: body link /users/no-such-user/: broken internal link: no page at /users/no-such-user/',
			'content/guides/fixture-guide.mdx:14: body link /users/fixture-media-user: broken internal link: no page at /users/fixture-media-user (page URLs end with a slash)',
		],
	],
	['broken-anchor', ['content/guides/fixture-guide.mdx:15: body link /users/fixture-media-user/#no-such-section: broken anchor: /users/fixture-media-user/ has no #no-such-section']],
	['yaml-syntax', ['content/subsystems/media.yaml:5: (file): YAML: duplicated mapping key']],
	['missing-source', ['content/users/fixture-vfio-user.mdx:12: timeline[0].commits: an event needs at least one commit or one source']],
])('%s', (overlay, expected) => {
	test('is reported with file, line, field and message', () => {
		expect(problemsFor(overlay)).toEqual(expected);
	});
});
