/**
 * The site's only script on content pages, loaded as an external module (the Content-Security-
 * Policy allows no inline script). Everything it adds is an enhancement: pages read fully
 * without it.
 * - `/` focuses the search box from anywhere (unless the reader is typing in a field);
 * - copy buttons on code blocks and in the cite box become visible and work with Enter/Space.
 */

function isTyping(target: EventTarget | null): boolean {
	return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

document.addEventListener('keydown', (event) => {
	if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
	// On the search page its own box wins over the header box.
	const box = (document.getElementById('search-input') ?? document.getElementById('site-search')) as HTMLInputElement | null;
	if (!box) return;
	event.preventDefault();
	box.focus();
	box.select();
});

/** Text of a code block as a reader wants to paste it: without removed diff lines. */
export function codeText(pre: HTMLElement): string {
	const lines = [...pre.querySelectorAll<HTMLElement>('.line')];
	if (lines.length === 0) return pre.innerText;
	return lines
		.filter((line) => !line.classList.contains('remove'))
		.map((line) => line.textContent ?? '')
		.join('\n');
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
	const label = button.dataset['label'] ?? button.textContent ?? 'Copy';
	button.dataset['label'] = label;
	try {
		await navigator.clipboard.writeText(text);
		button.textContent = 'Copied';
	} catch {
		button.textContent = 'Copy failed';
	}
	const status = document.getElementById('copy-status');
	if (status) status.textContent = button.textContent === 'Copied' ? 'Copied to the clipboard' : 'Could not copy';
	setTimeout(() => (button.textContent = label), 1500);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
	button.hidden = false;
	button.addEventListener('click', () => {
		const target = button.dataset['copy'];
		if (target) {
			const source = document.getElementById(target);
			void copy(source?.textContent ?? '', button);
			return;
		}
		const pre = button.closest('figure')?.querySelector('pre');
		if (pre) void copy(codeText(pre), button);
	});
}

/** The cite box's "This section" row follows the fragment of the address bar. */
const sectionRow = document.getElementById('cite-section-row');
const sectionCode = document.getElementById('cite-section');
function showSection(): void {
	if (!sectionRow || !sectionCode) return;
	const id = decodeURIComponent(location.hash.slice(1));
	const target = id ? document.getElementById(id) : null;
	sectionRow.hidden = !target || id.startsWith('cite');
	sectionCode.textContent = target ? `${sectionRow.dataset['pageUrl']}#${encodeURIComponent(id)}` : '';
}
window.addEventListener('hashchange', showSection);
showSection();
