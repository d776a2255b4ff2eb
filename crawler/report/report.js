// The coverage report's page: graph (Cytoscape.js), timeline (D3), tables. Data: #report-data.
// Every text from the crawl goes into the page through textContent, never as HTML: headlines
// come from pages we do not control.
"use strict";

(function () {
  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const ARTICLES = DATA.articles;
  const KIND_LABEL = {
    "instant_page_offset": "exact instant (offset given by the page)",
    "instant_site_zone": "exact instant (offset from the site's time zone)",
    "day_only": "day only",
    "naive": "time without zone (naive)",
    "undated": "undated",
  };
  const SHORT_KIND = {
    "instant_page_offset": "instant",
    "instant_site_zone": "instant (site zone)",
    "day_only": "day only",
    "naive": "naive",
    "undated": "undated",
  };
  const MARK_LABEL = {
    "published": "published",
    "first-published": "first published (kept in the page's metadata)",
    "modified": "updated",
    "version": "updated (earlier version)",
  };
  const LINK_STYLE = { "related-box": "solid", "body": "dashed", "embedded": "dotted" };
  const listeners = [];
  let selected = null;

  // -- helpers ---------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function fmt(n) {
    return n === null || n === undefined ? "–" : Number(n).toLocaleString("en");
  }
  function pct(x) {
    return x === null || x === undefined ? "–" : (100 * x).toFixed(1) + " %";
  }
  function localText(moment) {
    if (!moment) return null;
    if (moment.kind === "day_only") return moment.value.slice(0, 10) + " (day only)";
    if (moment.kind === "naive") return moment.value.replace("T", " ") + " (no time zone)";
    const local = moment.local || moment.value;
    return local.slice(0, 16).replace("T", " ") + " " + (local.slice(19) || "UTC");
  }
  function wallDate(wall) {
    // Wall-clock times are plotted on a UTC scale: the axis then reads the site's local time.
    return wall.length === 10 ? new Date(wall + "T00:00:00Z") : new Date(wall + "Z");
  }
  function truncate(text, n) {
    if (!text) return "(no headline)";
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }
  function onSelect(fn) {
    listeners.push(fn);
  }
  function select(id, origin) {
    selected = id;
    for (const fn of listeners) fn(id, origin);
  }

  // -- header ----------------------------------------------------------------------------------
  function header() {
    document.getElementById("title").textContent = DATA.title;
    const parts = [
      `${fmt(ARTICLES.length)} articles`,
      `${fmt(DATA.edges.length)} related links between them`,
    ];
    if (DATA.versions > ARTICLES.length) parts.push(`${fmt(DATA.versions)} versions`);
    if (DATA.span) parts.push(`dates ${DATA.span[0].slice(0, 10)} – ${DATA.span[1].slice(0, 10)}`);
    parts.push(`generated ${DATA.generated.replace("T", " ").replace("Z", " UTC")} from ${DATA.source}`);
    document.getElementById("subtitle").textContent = parts.join(" · ");
  }

  // -- details panel ---------------------------------------------------------------------------
  function details() {
    const fields = document.getElementById("detail-fields");
    const links = document.getElementById("detail-links");
    onSelect((id) => {
      const a = ARTICLES[id];
      document.getElementById("detail-empty").hidden = true;
      document.getElementById("detail").hidden = false;
      document.getElementById("detail-headline").textContent = a.headline || "(no headline)";
      const open = document.getElementById("detail-open");
      const url = safeUrl(a.canonicalUrl) || safeUrl(a.url);
      if (url) open.setAttribute("href", url);
      else open.removeAttribute("href");
      open.title = url || "";
      fields.replaceChildren();
      const row = (name, value) => {
        if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
        fields.append(el("dt", { text: name }), el("dd", {}, Array.isArray(value) ? value.join(", ") : value));
      };
      row("Section", a.section);
      row("Authors", a.authors);
      row("Depth", a.depth === 0 ? "0 (seed)" : a.depth);
      row("Links", `${fmt(a.inLinks || 0)} in, ${fmt(a.outLinks || 0)} out` +
        (a.linksOutside ? ` (${fmt(a.linksOutside)} to articles not in this report)` : ""));
      for (const [label, moment] of [["Published", a.published], ["First published", a.firstPublished], ["Updated", a.modified]]) {
        if (!moment) continue;
        row(label, localText(moment));
        row("  from", [moment.source || "?", moment.raw ? `“${truncate(moment.raw, 80)}”` : null].filter(Boolean).join(": "));
        row("  kind", KIND_LABEL[moment.kind] || moment.kind);
      }
      if (!a.published) row("Published", "undated");
      row("Sources agreed", a.dateAgreement);
      row("Date notes", a.dateNotes);
      row("Date candidates", a.dateCandidates);
      row("Versions", (a.versions || []).map((v) => `crawled ${v.crawledAt || "?"}, updated ${v.dateModified || "–"}`));
      row("Keywords", a.keywords);
      row("Breadcrumbs", (a.breadcrumbs || []).join(" › "));
      row("Language", a.inLanguage);
      row("Free to read", a.isAccessibleForFree === undefined ? null : String(a.isAccessibleForFree));
      row("Crawled", a.crawledAt);
      row("URL", a.canonicalUrl);
      if (a.url) row("Fetched from", a.url);
      links.replaceChildren();
      const out = DATA.edges.filter((e) => e[0] === id);
      const inc = DATA.edges.filter((e) => e[1] === id);
      const item = (edge, other, arrow) => el("li", {},
        el("span", { class: "tag", text: edge[2] }),
        edge[3] !== null && edge[3] !== undefined ? el("span", { class: "tag", text: `conf. ${edge[3].toFixed(2)}` }) : null,
        arrow + " ",
        el("button", { class: "linklike", type: "button", text: truncate(ARTICLES[other].headline, 90), onclick: () => select(other, "details") }));
      for (const edge of out) links.append(item(edge, edge[1], "→"));
      for (const edge of inc) links.append(item(edge, edge[0], "←"));
      if (!out.length && !inc.length) links.append(el("li", { class: "muted", text: "none within this report" }));
    });
  }

  // -- tooltip ---------------------------------------------------------------------------------
  const tooltip = document.getElementById("tooltip");
  function showTooltip(id, x, y) {
    const a = ARTICLES[id];
    const lines = [el("b", { text: a.headline || "(no headline)" })];
    const meta = [a.section, (a.authors || []).join(", ")].filter(Boolean).join(" · ");
    if (meta) lines.push(el("div", { class: "dim", text: meta }));
    for (const [label, moment] of [["published", a.published], ["first published", a.firstPublished], ["updated", a.modified]]) {
      if (moment) lines.push(el("div", { text: `${label} ${localText(moment)} — ${moment.source || "?"}` }));
    }
    if (!a.published) lines.push(el("div", { text: "undated" }));
    if ((a.dateNotes || []).length) lines.push(el("div", { class: "dim", text: "notes: " + a.dateNotes.join(", ") }));
    tooltip.replaceChildren(...lines);
    tooltip.hidden = false;
    const box = tooltip.getBoundingClientRect();
    const left = Math.min(x + 14, window.innerWidth - box.width - 8);
    const top = y + 14 + box.height > window.innerHeight ? y - box.height - 10 : y + 14;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${Math.max(4, top)}px`;
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }

  // -- graph -----------------------------------------------------------------------------------
  function colourScales() {
    const maxDepth = Math.max(0, ...ARTICLES.map((a) => a.depth || 0));
    const depthColour = (d) => (d === undefined ? "#98a2b3" : d3.interpolateViridis(0.1 + 0.8 * (d / Math.max(1, maxDepth))));
    const counts = d3.rollups(ARTICLES, (v) => v.length, (a) => a.section || "(none)").sort((a, b) => b[1] - a[1]);
    const top = counts.slice(0, 9).map((c) => c[0]);
    const palette = d3.schemeTableau10;
    const sectionColour = (s) => {
      const i = top.indexOf(s || "(none)");
      return i >= 0 ? palette[i] : "#c0c5cf";
    };
    return { maxDepth, depthColour, sectionColour, top, others: counts.length - top.length };
  }

  function graph() {
    const scales = colourScales();
    const big = ARTICLES.length > 1500;
    const elements = [];
    for (const a of ARTICLES) {
      elements.push({
        group: "nodes",
        data: {
          id: "n" + a.id,
          idx: a.id,
          label: truncate(a.headline, 48),
          size: Math.min(54, 14 + 6 * Math.sqrt(a.inLinks || 0)),
          depthColour: scales.depthColour(a.depth),
          sectionColour: scales.sectionColour(a.section),
        },
        position: { x: a.x || 0, y: a.y || 0 },
        classes: a.depth === 0 ? "seed" : "",
      });
    }
    DATA.edges.forEach((e, k) => {
      elements.push({
        group: "edges",
        data: {
          id: "e" + k,
          source: "n" + e[0],
          target: "n" + e[1],
          style: LINK_STYLE[e[2]] || "solid",
          opacity: e[3] === null || e[3] === undefined ? 0.5 : 0.15 + 0.75 * e[3],
          width: e[3] === null || e[3] === undefined ? 1.2 : 0.6 + 2 * e[3],
        },
      });
    });
    const cy = cytoscape({
      container: document.getElementById("graph"),
      elements,
      layout: { name: "preset", fit: true, padding: 24 },
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      hideEdgesOnViewport: big,
      textureOnViewport: big,
      pixelRatio: big ? 1 : "auto",
      style: [
        { selector: "node", style: {
          "width": "data(size)", "height": "data(size)",
          "background-color": "data(depthColour)", "border-width": 1, "border-color": "#ffffff",
          "label": "", "font-size": 11, "text-wrap": "ellipsis", "text-max-width": 180,
          "text-valign": "bottom", "text-margin-y": 4, "color": "#1d2330",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2,
        } },
        { selector: "node.by-section", style: { "background-color": "data(sectionColour)" } },
        { selector: "node.seed", style: {
          "shape": "star", "border-width": 3, "border-color": "#111827", "label": "data(label)",
          "font-weight": "bold", "z-index": 10,
        } },
        { selector: "node.hover", style: { "label": "data(label)", "z-index": 20 } },
        { selector: "node:selected", style: {
          "border-width": 5, "border-color": "#d62728", "label": "data(label)", "z-index": 30,
        } },
        { selector: "edge", style: {
          "width": "data(width)", "line-color": "#7b8494", "line-style": "data(style)",
          "opacity": "data(opacity)", "curve-style": big ? "haystack" : "straight",
          "target-arrow-shape": big ? "none" : "triangle", "target-arrow-color": "#7b8494", "arrow-scale": 0.7,
        } },
        { selector: "edge.hl", style: { "line-color": "#d62728", "target-arrow-color": "#d62728", "opacity": 0.95, "z-index": 5 } },
      ],
    });
    cy.on("tap", "node", (evt) => select(evt.target.data("idx"), "graph"));
    cy.on("dbltap", "node", (evt) => {
      const a = ARTICLES[evt.target.data("idx")];
      const url = safeUrl(a.canonicalUrl) || safeUrl(a.url);
      if (url) window.open(url, "_blank", "noopener");
    });
    cy.on("mouseover", "node", (evt) => {
      evt.target.addClass("hover");
      const pos = evt.renderedPosition || evt.target.renderedPosition();
      const box = cy.container().getBoundingClientRect();
      showTooltip(evt.target.data("idx"), box.left + pos.x, box.top + pos.y);
    });
    cy.on("mouseout", "node", (evt) => {
      evt.target.removeClass("hover");
      hideTooltip();
    });
    onSelect((id, origin) => {
      const node = cy.getElementById("n" + id);
      cy.batch(() => {
        cy.elements(":selected").unselect();
        cy.edges(".hl").removeClass("hl");
        node.select();
        node.connectedEdges().addClass("hl");
      });
      if (origin !== "graph") {
        const ext = cy.extent();
        const p = node.position();
        if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.center(node);
      }
    });
    document.getElementById("graph-fit").addEventListener("click", () => cy.fit(undefined, 24));
    const colour = document.getElementById("graph-colour");
    colour.addEventListener("change", () => {
      cy.nodes().toggleClass("by-section", colour.value === "section");
      graphLegend(scales, colour.value);
    });
    document.getElementById("graph-count").textContent =
      `${fmt(cy.nodes().length)} articles, ${fmt(cy.edges().length)} links` +
      (big ? " (arrows hidden above 1,500 articles)" : "");
    graphLegend(scales, "depth");
    return cy;
  }

  function graphLegend(scales, mode) {
    const legend = document.getElementById("graph-legend");
    legend.replaceChildren();
    const swatch = (colour, text) => el("span", {}, el("span", { class: "swatch", style: `background:${colour}` }), text);
    if (mode === "depth") {
      for (let d = 0; d <= scales.maxDepth; d++) legend.append(swatch(scales.depthColour(d), d === 0 ? "seed (depth 0)" : `depth ${d}`));
    } else {
      for (const s of scales.top) legend.append(swatch(scales.sectionColour(s), s));
      if (scales.others > 0) legend.append(swatch("#c0c5cf", `${scales.others} other sections`));
    }
    for (const [kind, dash] of [["related box", ""], ["article text", "5 3"], ["embedded data", "1.5 2.5"]]) {
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("width", "26");
      svg.setAttribute("height", "8");
      const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
      for (const [k, v] of [["x1", 1], ["y1", 4], ["x2", 25], ["y2", 4], ["stroke", "#59606e"], ["stroke-width", 2]]) line.setAttribute(k, v);
      if (dash) line.setAttribute("stroke-dasharray", dash);
      svg.append(line);
      legend.append(el("span", {}, svg, kind));
    }
    legend.append(el("span", { text: "★ seed · size: links in · opacity: link confidence" }));
  }

  // -- timeline --------------------------------------------------------------------------------
  function timeline() {
    const svgNs = d3.select("#timeline");
    const axisSvg = d3.select("#timeline-axis");
    const box = document.getElementById("timeline-box");
    const scroll = document.getElementById("timeline-scroll");
    const n = ARTICLES.length;
    const rowH = n <= 120 ? 18 : n <= 600 ? 11 : 6;
    const labelled = rowH >= 11;
    const gutter = labelled ? 260 : 8;
    const walls = ARTICLES.flatMap((a) => (a.marks || []).map((m) => wallDate(m[1])));
    const zone = DATA.offsets.length ? "site local time, UTC" + DATA.offsets.join(" / UTC") : "no time zone known";
    document.getElementById("timeline-zone").textContent = zone;
    timelineLegend();
    const width = () => Math.max(400, scroll.clientWidth);
    const height = n * rowH + 8;
    svgNs.attr("height", height);
    const x0 = d3.scaleUtc();
    let full = walls.length ? d3.extent(walls) : [new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 0, 2))];
    if (+full[0] === +full[1]) full = [d3.utcDay.offset(full[0], -1), d3.utcDay.offset(full[1], 1)];
    // The bulk of the coverage first: when outliers (an archive article from years before)
    // stretch the axis, the view opens within Tukey's fences (quartiles ± 1.5 × IQR).
    const sorted = walls.map(Number).sort((a, b) => a - b);
    let focus = full;
    if (sorted.length >= 8) {
      const q1 = d3.quantileSorted(sorted, 0.25);
      const q3 = d3.quantileSorted(sorted, 0.75);
      // The whiskers' ends: the first and last dates within the fences.
      const lo = sorted.find((t) => t >= q1 - 1.5 * (q3 - q1));
      const hi = sorted.findLast((t) => t <= q3 + 1.5 * (q3 - q1));
      if (hi > lo && full[1] - full[0] > 1.5 * (hi - lo)) focus = [new Date(lo), new Date(hi)];
    }
    const pad = (d) => { const p = (d[1] - d[0]) * 0.03; return [new Date(+d[0] - p), new Date(+d[1] + p)]; };

    const root = svgNs.append("g");
    const grid = root.append("g").attr("class", "grid");
    const rows = root.selectAll("g.row").data(ARTICLES).join("g")
      .attr("class", "row")
      .attr("data-id", (a) => a.id)
      .attr("transform", (a, i) => `translate(0,${i * rowH})`);
    rows.append("rect").attr("class", "row-bg").attr("x", 0).attr("height", rowH);
    rows.append("line").attr("class", "span").attr("y1", rowH / 2).attr("y2", rowH / 2);
    const r = Math.max(2.2, Math.min(5, rowH / 3.2));
    const markSel = rows.selectAll(".mark").data((a) => (a.marks || []).map((m) => ({ a, what: m[0], wall: m[1], kind: m[2], t: wallDate(m[1]) })))
      .join((enter) => enter.append((m) => document.createElementNS("http://www.w3.org/2000/svg",
        m.kind === "day_only" ? "rect" : m.what === "published" || m.what === "first-published" ? "circle" : "path")))
      .attr("class", (m) => `mark ${m.what} ${m.kind}`)
      .attr("data-what", (m) => m.what)
      .attr("data-kind", (m) => m.kind);
    markSel.filter("circle").attr("r", (m) => (m.what === "first-published" ? r * 0.8 : r)).attr("cy", rowH / 2);
    markSel.filter("path").attr("d", d3.symbol(d3.symbolDiamond, r * r * 3.2)());
    markSel.filter("rect").attr("y", rowH / 2 - r).attr("height", 2 * r).attr("rx", 1.5);
    markSel.append("title").text((m) => `${MARK_LABEL[m.what]}: ${m.wall.replace("T", " ")} (${KIND_LABEL[m.kind]})`);
    let labels = null;
    if (labelled) {
      root.append("rect").attr("class", "gutter").attr("x", 0).attr("y", 0).attr("width", gutter).attr("height", height);
      labels = root.append("g").selectAll("text").data(ARTICLES).join("text")
        .attr("class", "label")
        .attr("x", 6)
        .attr("y", (a, i) => i * rowH + rowH / 2 + 4)
        .text((a) => (a.published ? "" : "(undated) ") + truncate(a.headline, 42));
    }
    rows.on("mouseenter", (event, a) => showTooltip(a.id, event.clientX, event.clientY))
      .on("mousemove", (event, a) => showTooltip(a.id, event.clientX, event.clientY))
      .on("mouseleave", hideTooltip)
      .on("click", (event, a) => select(a.id, "timeline"));
    if (labels) {
      labels.style("cursor", "pointer").on("click", (event, a) => select(a.id, "timeline"));
    }

    let x = x0;
    function draw() {
      const w = width();
      x0.range([gutter + 10, w - 14]);
      x = transform.rescaleX(x0);
      svgNs.attr("width", w);
      axisSvg.attr("width", w);
      axisSvg.selectAll("g.axis").data([0]).join("g").attr("class", "axis")
        .attr("transform", "translate(0,26)")
        .call(d3.axisTop(x).ticks(Math.max(2, Math.floor((w - gutter) / 110))).tickSizeOuter(0));
      grid.selectAll("line").data(x.ticks(Math.max(2, Math.floor((w - gutter) / 110)))).join("line")
        .attr("x1", (t) => x(t)).attr("x2", (t) => x(t)).attr("y1", 0).attr("y2", height);
      rows.select(".row-bg").attr("width", w);
      rows.select(".span").each(function (a) {
        const ts = (a.marks || []).map((m) => x(wallDate(m[1])));
        d3.select(this).attr("x1", ts.length ? Math.min(...ts) : 0).attr("x2", ts.length ? Math.max(...ts) : 0)
          .attr("visibility", ts.length > 1 ? null : "hidden");
      });
      markSel.filter("circle").attr("cx", (m) => x(m.t));
      markSel.filter("path").attr("transform", (m) => `translate(${x(m.t)},${rowH / 2})`);
      markSel.filter("rect").attr("x", (m) => Math.min(x(m.t), x(d3.utcDay.offset(m.t, 1)) - 6))
        .attr("width", (m) => Math.max(6, x(d3.utcDay.offset(m.t, 1)) - x(m.t)));
    }
    let transform = d3.zoomIdentity;
    const zoom = d3.zoom()
      .scaleExtent([0.05, 20000])
      .filter((event) => {
        if (event.type === "wheel") return event.ctrlKey || event.target.closest("#timeline-axis") !== null;
        return !event.button;
      })
      .on("zoom", (event) => {
        transform = event.transform;
        draw();
      });
    d3.select(box).call(zoom).on("dblclick.zoom", null);
    function show(domain) {
      x0.domain(pad(domain)).range([gutter + 10, width() - 14]);
      d3.select(box).call(zoom.transform, d3.zoomIdentity);
    }
    const note = document.getElementById("timeline-focus-note");
    const outside = focus === full ? 0 : walls.filter((t) => t < focus[0] || t > focus[1]).length;
    note.textContent = outside ? `${fmt(outside)} date${outside > 1 ? "s" : ""} outside this view` : "";
    document.getElementById("timeline-all").hidden = focus === full;
    document.getElementById("timeline-all").addEventListener("click", () => {
      show(full);
      note.textContent = "";
    });
    document.getElementById("timeline-in").addEventListener("click", () => d3.select(box).call(zoom.scaleBy, 2));
    document.getElementById("timeline-out").addEventListener("click", () => d3.select(box).call(zoom.scaleBy, 0.5));
    window.addEventListener("resize", draw);
    show(focus);
    // Open on the first row the focused view shows (the rows are in publication order).
    const first = ARTICLES.findIndex((a) => (a.marks || []).some((m) => wallDate(m[1]) >= focus[0]));
    if (first > 0) scroll.scrollTop = first * rowH;
    onSelect((id, origin) => {
      rows.classed("selected", (a) => a.id === id);
      if (origin !== "timeline") {
        const top = ARTICLES.findIndex((a) => a.id === id) * rowH;
        if (top < scroll.scrollTop || top > scroll.scrollTop + scroll.clientHeight - rowH) scroll.scrollTop = Math.max(0, top - scroll.clientHeight / 3);
      }
    });
  }

  function timelineLegend() {
    const legend = document.getElementById("timeline-legend");
    const ns = "http://www.w3.org/2000/svg";
    const sample = (build, text) => {
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("width", "18");
      svg.setAttribute("height", "12");
      svg.append(build());
      return el("span", {}, svg, text);
    };
    const shape = (tag, attrs, style) => () => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      node.setAttribute("style", style);
      return node;
    };
    legend.append(
      sample(shape("circle", { cx: 9, cy: 6, r: 4.5 }, "fill:var(--published);stroke:var(--published)"), "published"),
      sample(shape("path", { d: d3.symbol(d3.symbolDiamond, 60)(), transform: "translate(9,6)" }, "fill:var(--modified);stroke:var(--modified)"), "updated"),
      sample(shape("path", { d: d3.symbol(d3.symbolDiamond, 60)(), transform: "translate(9,6)" }, "fill:var(--modified);fill-opacity:.55;stroke:var(--modified)"), "earlier version's update"),
      sample(shape("circle", { cx: 9, cy: 6, r: 3.6 }, "fill:var(--first);stroke:var(--first)"), "first published"),
      sample(shape("circle", { cx: 9, cy: 6, r: 4.5 }, "fill:#fff;stroke:var(--published);stroke-dasharray:2 1.5;stroke-width:1.5"), "no time zone (naive)"),
      sample(shape("rect", { x: 1, y: 2, width: 16, height: 8, rx: 1.5 }, "fill:var(--published);fill-opacity:.12;stroke:var(--published);stroke-width:1.5"), "day only (spans the day)"),
    );
  }

  // -- articles table --------------------------------------------------------------------------
  function table() {
    const columns = [
      { name: "Published (local)", key: (a) => (a.published ? a.published.value : ""), show: (a) => localText(a.published) || "undated", cls: "date" },
      { name: "Updated (local)", key: (a) => (a.modified ? a.modified.value : ""), show: (a) => localText(a.modified) || "", cls: "date" },
      { name: "Headline", key: (a) => a.headline || "", show: (a) => a.headline || "(no headline)" },
      { name: "Section", key: (a) => a.section || "", show: (a) => a.section || "" },
      { name: "Depth", key: (a) => (a.depth === undefined ? 1e9 : a.depth), show: (a) => (a.depth === undefined ? "" : a.depth), num: true },
      { name: "Links in", key: (a) => a.inLinks || 0, show: (a) => a.inLinks || 0, num: true },
      { name: "Links out", key: (a) => a.outLinks || 0, show: (a) => a.outLinks || 0, num: true },
      { name: "Date source", key: (a) => (a.published && a.published.source) || "", show: (a) => (a.published && a.published.source) || "" },
      { name: "Date kind", key: (a) => (a.published ? a.published.kind : "undated"), show: (a) => SHORT_KIND[a.published ? a.published.kind : "undated"] },
    ];
    const thead = document.querySelector("#articles thead");
    const tbody = document.querySelector("#articles tbody");
    let order = { column: 0, dir: 1 };
    const headRow = el("tr", {});
    columns.forEach((c, i) => headRow.append(el("th", { class: c.num ? "num" : null, scope: "col" },
      el("button", { type: "button", text: c.name, onclick: () => {
        order = { column: i, dir: order.column === i ? -order.dir : 1 };
        render();
      } }))));
    thead.append(headRow);
    const trs = new Map();
    for (const a of ARTICLES) {
      const tr = el("tr", { "data-id": a.id, onclick: () => select(a.id, "table") },
        columns.map((c) => el("td", { class: c.num ? "num" : c.cls || null }, String(c.show(a)))));
      tr.searchText = [a.headline, a.section, ...(a.authors || [])].join(" ").toLowerCase();
      trs.set(a.id, tr);
    }
    const filter = document.getElementById("articles-filter");
    function render() {
      const c = columns[order.column];
      const wanted = filter.value.trim().toLowerCase();
      const rows = ARTICLES.filter((a) => !wanted || trs.get(a.id).searchText.includes(wanted))
        .sort((a, b) => {
          const ka = c.key(a), kb = c.key(b);
          return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * order.dir;
        });
      tbody.replaceChildren(...rows.map((a) => trs.get(a.id)));
      document.getElementById("articles-count").textContent = `${fmt(rows.length)} of ${fmt(ARTICLES.length)}`;
      thead.querySelectorAll("th").forEach((th, i) => th.setAttribute("aria-sort", i === order.column ? (order.dir > 0 ? "ascending" : "descending") : "none"));
    }
    filter.addEventListener("input", render);
    render();
    onSelect((id, origin) => {
      for (const tr of tbody.querySelectorAll("tr.selected")) tr.classList.remove("selected");
      const tr = trs.get(id);
      tr.classList.add("selected");
      if (origin !== "table" && tr.isConnected) {
        const box = tr.parentElement.closest(".table-box");
        const top = tr.offsetTop;
        if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 30) box.scrollTop = Math.max(0, top - box.clientHeight / 3);
      }
    });
  }

  // -- date quality ----------------------------------------------------------------------------
  function simpleTable(head, rows, numeric) {
    return el("table", {},
      el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { class: numeric && i > 0 ? "num" : null, text: h })))),
      el("tbody", {}, rows.map((r) => el("tr", {}, r.map((cell, i) => el("td", { class: numeric && i > 0 ? "num" : null }, cell))))));
  }
  function countShare(count, total) {
    const share = total ? count / total : null;
    return el("span", {}, `${fmt(count)} (${pct(share)})`, share ? el("span", { class: "bar", style: `width:${Math.round(share * 60)}px` }) : null);
  }
  function quality() {
    const q = DATA.quality;
    const box = document.getElementById("quality");
    const kinds = ["instant_page_offset", "instant_site_zone", "day_only", "naive", "undated"];
    box.append(el("p", { class: "muted", text: `${fmt(q.items)} articles (latest version of each).` }));
    box.append(simpleTable(["", "datePublished", "dateModified"],
      kinds.map((k) => [KIND_LABEL[k], countShare(q.datePublished[k], q.items), countShare(q.dateModified[k], q.items)]), true));
    const sources = new Set([...Object.keys(q.datePublished.sources), ...Object.keys(q.dateModified.sources)]);
    box.append(el("h3", { text: "Sources used" }));
    box.append(simpleTable(["source", "datePublished", "dateModified"],
      [...sources].map((s) => [s, fmt(q.datePublished.sources[s] || 0), fmt(q.dateModified.sources[s] || 0)]), true));
    box.append(el("h3", { text: "Agreement between the page's sources" }));
    const agreementText = {
      agreed: "agreed: every source gave the same instant",
      single: "single: one source only",
      resolved: "resolved: sources differed, a documented rule chose",
      none: "no date",
    };
    box.append(simpleTable(["", "articles"], Object.entries(q.date_agreement).map(([k, v]) => [agreementText[k] || k, countShare(v, q.items)]), true));
    const notes = Object.entries(q.date_notes);
    box.append(el("h3", { text: "How disagreements were resolved (date notes)" }));
    box.append(notes.length ? simpleTable(["note", "articles"], notes.map(([k, v]) => [k, fmt(v)]), true) : el("p", { class: "muted", text: "No note raised." }));
    box.append(el("p", {}, "Articles without related links: ", countShare(q.without_related_links.count, q.items)));
  }

  // -- run facts -------------------------------------------------------------------------------
  function duration(s) {
    if (s === undefined || s === null) return "–";
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.round(s % 60);
    return (h ? `${h} h ` : "") + (h || m ? `${m} min ` : "") + `${sec} s`;
  }
  function runs() {
    const box = document.getElementById("runs");
    const list = DATA.runs;
    if (!list.length) {
      box.append(el("p", { class: "muted", text: "No run manifest found beside the run file(s): " +
        "manifests are written by `scrapy crawl` for its run files (a one-off -O export has none)." }));
      return;
    }
    box.classList.add("facts");
    if (list.length > 1) {
      box.append(el("h3", { text: `${list.length} runs` }));
      box.append(simpleTable(["run", "duration", "exit", "items", "new", "updated", "unchanged", "304", "failed"],
        list.map((r) => {
          const c = r.counts || {};
          return [r.run_id, duration(r.duration_s), exitText(r), fmt(c.items), fmt(c.new), fmt(c.updated), fmt(c.unchanged), fmt(c.not_modified_304), fmt(c.pages_failed)];
        }), true));
    }
    const last = list[list.length - 1];
    box.append(el("h3", { text: list.length > 1 ? `Latest run: ${last.run_id}` : `Run ${last.run_id}` }));
    const c = last.counts || {};
    const failures = Object.entries(c.http_errors || {}).map(([k, v]) => `HTTP ${k}: ${fmt(v)}`).join(", ");
    const facts = [
      ["Exit status", exitText(last)],
      ["Why", (last.failure_reasons || []).join("; ") || null],
      ["Started", last.started],
      ["Ended", last.ended],
      ["Duration", duration(last.duration_s)],
      ["Attempts", last.attempts],
      ["Seeds", (last.seeds || []).join("\n")],
      ["Items exported", fmt(c.items)],
      ["New / updated / unchanged", `${fmt(c.new)} / ${fmt(c.updated)} / ${fmt(c.unchanged)}`],
      ["Not modified (304) / not due", `${fmt(c.not_modified_304)} / ${fmt(c.not_due)}`],
      ["Pages fetched / failed", `${fmt(c.pages_ok)} / ${fmt(c.pages_failed)}${failures ? " (" + failures + ")" : ""}`],
      ["Not articles", fmt(c.not_articles)],
      ["Run file", last.feed],
    ].filter((f) => f[1] !== null && f[1] !== undefined && f[1] !== "");
    box.append(simpleTable(["", ""], facts.map(([k, v]) => [k, v instanceof Node ? v : el("span", { class: "fact", text: String(v) })]), false));
    if ((last.monitors || []).length) {
      box.append(el("h3", { text: "Monitors" }));
      box.append(simpleTable(["monitor", "threshold", "value", ""], last.monitors.map((m) => [
        m.name, String(m.threshold), m.value === null || m.value === undefined ? "–" : String(m.value),
        el("span", { class: m.passed === false ? "bad" : "good", text: m.passed === false ? "failed" : m.passed === null ? "n/a" : "passed" }),
      ]), false));
    }
    const settings = Object.entries(last.settings || {});
    if (settings.length) {
      box.append(el("h3", { text: "Settings" }));
      box.append(simpleTable(["setting", "value"], settings.map(([k, v]) => [k, v === null ? "–" : String(v)]), false));
    }
  }
  function exitText(run) {
    if (run.status === "running") return "running (or killed)";
    const code = run.exit_code;
    return el("span", { class: code === 0 ? "good" : "bad", text: `${code} (${run.status})` });
  }

  // -- start -----------------------------------------------------------------------------------
  const timings = {};
  function timed(name, fn) {
    const t0 = performance.now();
    const out = fn();
    timings[name] = Math.round(performance.now() - t0);
    return out;
  }
  timed("header", header);
  timed("details", details);
  const cy = timed("graph", graph);
  timed("timeline", timeline);
  timed("table", table);
  timed("quality", quality);
  timed("runs", runs);
  // A link to one article: report.html#article=12 (or #seed).
  function fromHash() {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    const wanted = hash === "seed" ? DATA.seeds[0] : /^article=\d+$/.test(hash) ? Number(hash.slice(8)) : null;
    if (wanted !== null && wanted !== undefined && ARTICLES[wanted]) select(wanted, "hash");
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  window.coverageReport = { data: DATA, cy, select, timings, get selected() { return selected; } };
  document.documentElement.dataset.ready = "true";
})();
