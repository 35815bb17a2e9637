/**
 * Turns the current document into `next` in place: nodes that stay are patched rather than replaced, so the scroll
 * position, the focused element and what the reader typed survive (the platform keeps a form control's typed value
 * when only its default changes). Returns false, having changed nothing, when the two documents do not load the
 * same scripts and styles: those cannot be swapped safely without a reload, and scripts must not run twice.
 *
 * Written here rather than taken from idiomorph or morphdom: those handle keyed reordering of large app trees,
 * which a static page does not need, and would triple the script tag's size budget.
 */
export function morphDocument(next: Document): boolean {
  // DOMParser parses with scripting off, so a <noscript>'s markup came out as elements (a tag manager's <iframe>)
  // that would load once moved into this page. In the body it is made text, as scripting on would read it, before
  // anything is moved. In the head it cannot be undone: an <img> there (a pixel snippet) closed the noscript and the
  // head, and landed in the body with whatever followed it, so such a version is shown by a reload.
  if (assetSignature(document) !== assetSignature(next) || next.head.querySelector('noscript')) return false;
  for (const element of next.querySelectorAll('noscript')) element.textContent = element.innerHTML;
  if (document.title !== next.title) document.title = next.title;
  morphChildren(document.body, next.body);
  return true;
}

/**
 * Shows the version of `url` stored in the Cache Storage cache `cacheName` in place (see {@link morphDocument}):
 * the store's `morph` option. Resolves to whether it did; false leaves the page as it was (a reload shows it).
 */
export async function morphStored(url: string, cacheName: string): Promise<boolean> {
  const stored = await caches.match(url, { cacheName });
  return !!stored && morphDocument(new DOMParser().parseFromString(await stored.text(), 'text/html'));
}

/** Scripts and styles, in order: external by URL, inline by text. */
function assetSignature(doc: Document): string {
  return [...doc.querySelectorAll('script, link[rel~="stylesheet"], link[rel="modulepreload"], style')]
    .filter((el) => !isPageOwned(el))
    .map((el) =>
      el instanceof HTMLLinkElement
        ? `link:${el.href}`
        : el instanceof HTMLScriptElement && el.src
          ? `script:${el.src}`
          : `${el.tagName}:${el.textContent}`,
    )
    .join('\n');
}

/** Elements that scripts added to the live page and that the new version cannot know of. */
function isPageOwned(node: Node): boolean {
  return node instanceof Element && (node.localName === 'sw-isr-banner' || node.hasAttribute('data-isr-keep'));
}

function morphChildren(live: Node, next: Node): void {
  const liveChildren = [...live.childNodes].filter((node) => !isPageOwned(node));
  const nextChildren = [...next.childNodes];
  nextChildren.forEach((nextChild, index) => {
    const liveChild = liveChildren[index];
    if (!liveChild) live.appendChild(document.importNode(nextChild, true));
    else if (sameKind(liveChild, nextChild)) morphNode(liveChild, nextChild);
    else live.replaceChild(document.importNode(nextChild, true), liveChild);
  });
  for (const extra of liveChildren.slice(nextChildren.length)) extra.remove();
}

function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (!(a instanceof Element) || !(b instanceof Element)) return true;
  return a.localName === b.localName && a.id === b.id;
}

function morphNode(live: Node, next: Node): void {
  if (!(live instanceof Element) || !(next instanceof Element)) {
    if (live.nodeValue !== next.nodeValue) live.nodeValue = next.nodeValue;
    return;
  }
  // Identical scripts (checked above) stay untouched, so none runs again.
  if (live.localName === 'script') return;
  for (const { name } of [...live.attributes]) if (!next.hasAttribute(name)) live.removeAttribute(name);
  for (const { name, value } of [...next.attributes])
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  morphChildren(live, next);
}
