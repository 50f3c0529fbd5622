import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import { createSignal, Index, onCleanup, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { Icon } from "./Icon";
import { Spinner } from "./Spinner";
import "./PdfViewer.css";

interface PageBox {
  width: number;
  height: number;
}

const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
const SIDE_PADDING = 32;
// At 100% a page is as wide as the viewer, up to a comfortable reading width.
const MAX_FIT_WIDTH = 920;

/**
 * PDFs drawn by pdf.js inside the app (the browser's own viewer cannot be framed here). It is
 * loaded on demand in its own chunk; the file is read with Range requests and pages are drawn
 * only as they scroll into view. PDF scripts never run (no scripting sandbox is loaded) and
 * fonts are not compiled with eval, which the app's CSP forbids anyway.
 */
export function PdfViewer(props: { url: string; name: string; onFailed(message: string): void }) {
  let scroller!: HTMLDivElement;
  let doc: PDFDocumentProxy | null = null;
  let observer: IntersectionObserver | null = null;
  let destroyed = false;
  // Every page starts with the first page's size and gets its own once drawn.
  const [pages, setPages] = createStore<PageBox[]>([]);
  const [zoom, setZoom] = createSignal(1);
  const [width, setWidth] = createSignal(800);
  const [current, setCurrent] = createSignal(1);
  const canvases: HTMLCanvasElement[] = [];
  const drawn = new Map<number, string>();
  const tasks = new Map<number, RenderTask>();

  // Fit the page to the viewer's width, then zoom.
  const scaleFor = (box: PageBox) =>
    (Math.min(MAX_FIT_WIDTH, Math.max(200, width() - SIDE_PADDING)) / box.width) * zoom();
  const drawKey = () => `${width()}:${zoom()}`;

  async function draw(index: number) {
    const canvas = canvases[index];
    const key = drawKey();
    if (!doc || !canvas || drawn.get(index) === key) return;
    drawn.set(index, key);
    tasks.get(index)?.cancel();
    const page = await doc.getPage(index + 1);
    if (destroyed) return;
    const base = page.getViewport({ scale: 1 });
    setPages(index, { width: base.width, height: base.height });
    const viewport = page.getViewport({ scale: scaleFor(base) });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    tasks.set(index, task);
    await task.promise.catch(() => drawn.delete(index));
  }

  function observe() {
    observer?.disconnect();
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const index = Number((entry.target as HTMLElement).dataset.page);
          void draw(index);
          if (entry.intersectionRatio >= 0.5) setCurrent(index + 1);
        }
      },
      { root: scroller, rootMargin: "800px 0px", threshold: [0, 0.5] },
    );
    for (const canvas of canvases) if (canvas) observer.observe(canvas);
  }

  const redraw = () => {
    drawn.clear();
    observe();
  };

  onMount(async () => {
    setWidth(scroller.clientWidth);
    const resize = new ResizeObserver(() => {
      if (Math.abs(scroller.clientWidth - width()) < 8) return;
      setWidth(scroller.clientWidth);
      redraw();
    });
    resize.observe(scroller);
    onCleanup(() => resize.disconnect());
    try {
      const pdfjs = await import("pdfjs-dist");
      const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?worker&url");
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      const task = pdfjs.getDocument({
        url: props.url,
        isEvalSupported: false,
        enableXfa: false,
        disableAutoFetch: true,
      });
      onCleanup(() => void task.destroy());
      doc = await task.promise;
      if (destroyed) return;
      const first = (await doc.getPage(1)).getViewport({ scale: 1 });
      setPages(Array.from({ length: doc.numPages }, () => ({ width: first.width, height: first.height })));
      queueMicrotask(observe);
    } catch (error) {
      if (!destroyed) props.onFailed(error instanceof Error ? error.message : String(error));
    }
  });

  onCleanup(() => {
    destroyed = true;
    observer?.disconnect();
    for (const task of tasks.values()) task.cancel();
  });

  const changeZoom = (direction: 1 | -1) => {
    const index = ZOOM_STEPS.indexOf(zoom());
    const next = ZOOM_STEPS[Math.max(0, Math.min(ZOOM_STEPS.length - 1, index + direction))]!;
    if (next === zoom()) return;
    setZoom(next);
    redraw();
  };

  return (
    <div class="pdf" data-testid="preview-pdf">
      <Show when={pages.length > 0}>
        <div class="pdf__tools">
          <span data-testid="pdf-page">
            Page {current()} of {pages.length}
          </span>
          <button type="button" class="icon-button" aria-label="Zoom out" onClick={() => changeZoom(-1)}>
            <Icon name="minus" />
          </button>
          <span class="pdf__zoom">{Math.round(zoom() * 100)}%</span>
          <button type="button" class="icon-button" aria-label="Zoom in" onClick={() => changeZoom(1)}>
            <Icon name="plus" />
          </button>
        </div>
      </Show>
      <div ref={scroller} class="pdf__pages" tabindex="0" aria-label={props.name}>
        <Show when={pages.length > 0} fallback={<Spinner label="Opening PDF…" class="spinner--large" />}>
          <Index each={pages}>
            {(box, index) => (
              <canvas
                ref={(canvas) => (canvases[index] = canvas)}
                class="pdf__page"
                data-page={index}
                style={{
                  width: `${Math.floor(box().width * scaleFor(box()))}px`,
                  height: `${Math.floor(box().height * scaleFor(box()))}px`,
                }}
              />
            )}
          </Index>
        </Show>
      </div>
    </div>
  );
}
