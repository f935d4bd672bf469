--[[
quarto-subset.lua: the part of Quarto that paper/index.qmd uses, for plain pandoc.

Quarto cannot be installed everywhere the paper is built, so pipeline/paper/render.py falls back to
pandoc + Typst and runs this filter first (before --citeproc, which must only see real
citations). It implements exactly the subset listed in docs/rendering-fallback.md:

  * {{< include path >}} alone in its paragraph: the file's markdown in its place, before
    anything else runs, so shortcodes, cross-references and numbering see the included text;
  * {{< var key.sub >}} from _variables.yml beside the input (nested keys joined with dots),
    in text, captions, table cells, link text, metadata, code and attribute values;
  * cross-references @fig-id, @tbl-id, @sec-id (and [-@fig-id] for the bare number), numbered
    in document order, rendered as links "Figure 1", "Table 2", "Section 3.1";
  * figures ![Caption](file){#fig-id fig-alt="..."}: "Figure N: Caption", alt text from fig-alt;
  * pipe tables with ": Caption {#tbl-id}": "Table N: Caption"; columns sized automatically
    unless tbl-colwidths="[30,70]" is given;
  * headings {#sec-id} and {.unnumbered} ({.appendix} is refused: Quarto 1.7 numbers appendices
    as sections, so a paper letters its annexes in their unnumbered headings, as both renderers
    then show them);
  * title block: title, subtitle, author (names or {name, affiliation(s)}), date, abstract;
  * ::: {.callout-*} as a titled box;
  * [...]{.statement check="id"} and [...]{.qualitative}, spans and divs, as the text they hold
    (the paper's marks for pipeline/paper/statement_guard.py), as Quarto renders them;
  * ::: {.content-visible when-profile="x"} and {.content-hidden unless-profile="x"}, divs and
    spans, against the active profiles (metadata quarto-profile, set by pipeline/paper/render.py);
  * Quarto's language keys (crossref-fig-title, crossref-tbl-title, crossref-sec-prefix,
    section-title-abstract, toc-title-document)
    and crossref's title-delim: the words of captions, cross-references and the title block.
    The words of the document's language come from its locale record (paper/locales/<lang>.yml),
    which pipeline/paper/render.py passes as metadata (locale-crossref-fig-title, ...); the
    document's `language:` overrides them key by key.

Anything else Quarto-specific that would silently render wrong (other shortcodes, other
cross-reference kinds, any other div class such as .column-margin or conditional content, figure
divs) stops the render with an error that names it: a paper with a hole in it is worse than no
paper. Every error starts with
"quarto-subset:" so the caller can show it without pandoc's stack trace.
]]

local stringify = pandoc.utils.stringify
local ptype = pandoc.utils.type

local IS_TYPST = FORMAT:match("typst") ~= nil
local IS_HTML = FORMAT:match("html") ~= nil

local function fail(message)
  error("quarto-subset: " .. message, 0)
end

-- The folder of the input document: _variables.yml and relative image paths live there.
local INPUT_DIR = (function()
  local input = PANDOC_STATE.input_files[1]
  local dir = (input and input ~= "-") and pandoc.path.directory(input) or "."
  if not pandoc.path.is_absolute(dir) then
    dir = pandoc.path.join({ pandoc.system.get_working_directory(), dir })
  end
  return pandoc.path.normalize(dir)
end)()

------------------------------------------------------------------------------------------
-- Includes
------------------------------------------------------------------------------------------

-- Quarto inserts an included file's text where {{< include >}} stands before it parses the
-- document. Here the file is parsed with the reader's own options and its blocks take the
-- paragraph's place, first of all, so every later step (shortcodes, numbering, cross-references)
-- sees the included text as if it had been written in place. As in Quarto, the path is relative
-- to the file that holds the shortcode, or to the project folder (that of the input) when it
-- starts with "/"; links and images inside it stay relative to the input.

-- The path of a paragraph that is one include shortcode, else nil.
local function include_target(block)
  if block.t ~= "Para" and block.t ~= "Plain" then return nil end
  local first = block.content[1]
  if not (first and first.t == "Str" and first.text:sub(1, 3) == "{{<") then return nil end
  local target = stringify(block.content):match("^{{<%s*include%s+(.-)%s*>}}$")
  if not target then return nil end
  -- A quoted path ("my file.md") arrives with the reader's smart quotes.
  for _, quotes in ipairs({ { '"', '"' }, { "'", "'" }, { "\u{201C}", "\u{201D}" }, { "\u{2018}", "\u{2019}" } }) do
    local open, close = quotes[1], quotes[2]
    if #target > #open + #close and target:sub(1, #open) == open and target:sub(-#close) == close then
      return target:sub(#open + 1, -#close - 1)
    end
  end
  return target
end

local function include_path(target, dir)
  if target:sub(1, 1) == "/" then
    return pandoc.path.normalize(pandoc.path.join({ INPUT_DIR, target:sub(2) }))
  end
  return pandoc.path.normalize(pandoc.path.join({ dir, target }))
end

local expand_includes

local function include(target, dir, chain)
  local path = include_path(target, dir)
  for _, seen in ipairs(chain) do
    if seen == path then
      fail("{{< include " .. target .. " >}} includes " .. path .. ", which is already being included")
    end
  end
  local file = io.open(path, "r")
  if not file then
    fail("{{< include " .. target .. " >}}: the file " .. path .. " does not exist")
  end
  local text = file:read("a")
  file:close()
  local inner = { table.unpack(chain) }
  inner[#inner + 1] = path
  local blocks = pandoc.read(text, "markdown", PANDOC_READER_OPTIONS).blocks
  return expand_includes(blocks, pandoc.path.directory(path), inner)
end

-- Every include paragraph in ``blocks`` (at any depth: in callouts and lists too) replaced by
-- the blocks of its file, whose own includes are resolved from that file's folder.
expand_includes = function(blocks, dir, chain)
  return blocks:walk({
    Blocks = function(list)
      local out = pandoc.Blocks({})
      for _, block in ipairs(list) do
        local target = include_target(block)
        if target then out:extend(include(target, dir, chain)) else out:insert(block) end
      end
      return out
    end,
  })
end

------------------------------------------------------------------------------------------
-- Conditional content: profiles
------------------------------------------------------------------------------------------

-- Quarto's .content-visible / .content-hidden, for the one condition the paper uses: the active
-- project profiles (quarto render --profile meeting). A div or span is kept (unwrapped) or
-- dropped; any other condition (when-format, when-meta, ...) stops the render.
local PROFILES = {}

local function condition_holds(el)
  local holds = true
  for key, value in pairs(el.attributes) do
    local wanted = {}
    for name in value:gmatch("[^,%s]+") do wanted[name] = true end
    local active = false
    for name in pairs(PROFILES) do if wanted[name] then active = true end end
    if key == "when-profile" then
      holds = holds and active
    elseif key == "unless-profile" then
      holds = holds and not active
    else
      fail("." .. el.classes[1] .. " with " .. key .. "='" .. value .. "' is not supported by the "
        .. "fallback renderer, which evaluates when-profile and unless-profile only "
        .. "(docs/rendering-fallback.md)")
    end
  end
  return holds
end

local function conditional(el)
  local visible = el.classes:includes("content-visible")
  local hidden = el.classes:includes("content-hidden")
  if not (visible or hidden) then return nil end
  if #el.classes > 1 then
    fail("." .. table.concat(el.classes, " .") .. ": conditional content takes no other class")
  end
  if #el.attributes == 0 then
    fail("." .. el.classes[1] .. " needs when-profile or unless-profile")
  end
  local keep = condition_holds(el)
  if hidden then keep = not keep end
  if keep then return el.content end
  return el.t == "Div" and pandoc.Blocks({}) or pandoc.Inlines({})
end

local conditional_filter = { Div = conditional, Span = conditional }

------------------------------------------------------------------------------------------
-- Language: the words Quarto's `lang` and `language` keys give
------------------------------------------------------------------------------------------

local WORD_KEYS = { "crossref-fig-title", "crossref-tbl-title", "crossref-sec-prefix",
  "section-title-abstract", "toc-title-document" }
local WORDS = {}
-- What follows the number of a caption: Quarto's `crossref: title-delim` (":" by default; a
-- French document sets " :").
local TITLE_DELIM = ":"
-- What a cross-reference in the text writes before the number: Quarto's `crossref: fig-prefix`,
-- `tbl-prefix`, `sec-prefix` (by default the caption's word, and the language's section prefix;
-- a French document writes "figure 3" and "tableau 2" in running text, "Figure 3 :" in captions).
local PREFIX = {}

local function set_language(meta)
  WORDS = {}
  for _, key in ipairs(WORD_KEYS) do
    local word = meta["locale-" .. key]
    if word == nil then
      fail("no locale-" .. key .. " in the metadata: the fallback renderer takes the words of the "
        .. "document's language from its locale record (paper/locales/<lang>.yml), which "
        .. "pipeline/paper/render.py passes")
    end
    WORDS[key] = stringify(word)
    meta["locale-" .. key] = nil
  end
  if meta.language then
    for key, word in pairs(meta.language) do WORDS[key] = stringify(word) end
  end
  local crossref = meta.crossref
  if crossref and crossref["title-delim"] then TITLE_DELIM = stringify(crossref["title-delim"]) end
  PREFIX = {
    fig = WORDS["crossref-fig-title"], tbl = WORDS["crossref-tbl-title"], sec = WORDS["crossref-sec-prefix"],
  }
  for kind in pairs(PREFIX) do
    if crossref and crossref[kind .. "-prefix"] then PREFIX[kind] = stringify(crossref[kind .. "-prefix"]) end
  end
end

------------------------------------------------------------------------------------------
-- Shortcodes
------------------------------------------------------------------------------------------

local variables -- flattened _variables.yml, loaded on first use

local function load_variables()
  if variables then return variables end
  local path = pandoc.path.join({ INPUT_DIR, "_variables.yml" })
  local file = io.open(path, "r")
  if not file then
    fail("{{< var >}} is used but " .. path .. " does not exist")
  end
  local text = file:read("a")
  file:close()
  -- pandoc's own YAML reader, so values become inlines exactly as Quarto's would.
  local meta = pandoc.read("---\n" .. text .. "\n---\n", "markdown").meta
  variables = {}
  local function flatten(prefix, value)
    local kind = ptype(value)
    if kind == "table" or kind == "Meta" then
      for key, sub in pairs(value) do
        flatten(prefix and (prefix .. "." .. key) or key, sub)
      end
    else
      variables[prefix] = value
    end
  end
  flatten(nil, meta)
  return variables
end

local function var_inlines(key)
  local value = load_variables()[key]
  if value == nil then
    fail("unknown variable '" .. key .. "' in {{< var " .. key .. " >}}: no such key in "
      .. pandoc.path.join({ INPUT_DIR, "_variables.yml" }))
  end
  local kind = ptype(value)
  if kind == "Inlines" then return value:clone() end
  if kind == "boolean" then return pandoc.Inlines(tostring(value)) end
  if kind == "string" then return pandoc.Inlines(value) end
  if kind == "Blocks" and #value == 1 and (value[1].t == "Para" or value[1].t == "Plain") then
    return value[1].content:clone()
  end
  fail("variable '" .. key .. "' is a " .. kind .. ", not a single value")
end

-- Expand one shortcode body (the text between "{{<" and ">}}") into inlines.
local function shortcode(body)
  local name, args = body:match("^%s*(%S+)%s*(.-)%s*$")
  if name == "var" then
    local key = args:gsub("^[\"']", ""):gsub("[\"']$", "")
    if key == "" or key:find("%s") then
      fail("{{< var >}} needs exactly one key, got '{{<" .. body .. ">}}'")
    end
    return var_inlines(key)
  end
  if name == "include" then
    fail("'{{<" .. body .. ">}}' must stand alone in its own paragraph (a line of its own, "
      .. "blank lines around it)")
  end
  fail("shortcode '{{<" .. body .. ">}}' is not supported by the fallback renderer "
    .. "(only {{< var >}} and {{< include >}} are; see docs/rendering-fallback.md)")
end

-- Shortcodes inside plain strings (code, attribute values): the value as text.
local function expand_string(text)
  if not text:find("{{<", 1, true) then return text end
  return (text:gsub("{{<(.-)>}}", function(body) return stringify(shortcode(body)) end))
end

-- Pandoc's markdown reader splits "{{< var a.b >}}" into Str "{{<", Space, Str "var", ...,
-- with punctuation glued on ("({{<", ">}})."). Re-join the run of Str/Space up to ">}}".
local function expand_inlines(inlines)
  local found = false
  for _, el in ipairs(inlines) do
    if el.t == "Str" and el.text:find("{{<", 1, true) then found = true break end
  end
  if not found then return nil end
  local out = pandoc.Inlines({})
  local i, pending = 1, nil
  while pending or i <= #inlines do
    local el
    if pending then
      el, pending = pandoc.Str(pending), nil
    else
      el, i = inlines[i], i + 1
    end
    local open = el.t == "Str" and el.text:find("{{<", 1, true)
    if not open then
      out:insert(el)
    else
      local text = el.text
      while not text:find(">}}", open + 3, true) do
        local nxt = inlines[i]
        if nxt == nil then fail("unterminated shortcode '" .. text .. "'") end
        if nxt.t == "Str" then
          text = text .. nxt.text
        elseif nxt.t == "Space" or nxt.t == "SoftBreak" or nxt.t == "LineBreak" then
          text = text .. " "
        else
          fail("shortcode '" .. text .. " ...' contains formatting (" .. nxt.t .. ")")
        end
        i = i + 1
      end
      local close_start, close_end = text:find(">}}", open + 3, true)
      if open > 1 then out:insert(pandoc.Str(text:sub(1, open - 1))) end
      out:extend(shortcode(text:sub(open + 3, close_start - 1)))
      if close_end < #text then pending = text:sub(close_end + 1) end
    end
  end
  return out
end

local function expand_attributes(el)
  for key, value in pairs(el.attributes) do
    el.attributes[key] = expand_string(value)
  end
  return el
end

local shortcode_filter = {
  Inlines = expand_inlines,
  Code = function(el) el.text = expand_string(el.text) return expand_attributes(el) end,
  CodeBlock = function(el) el.text = expand_string(el.text) return expand_attributes(el) end,
  Image = expand_attributes, Link = expand_attributes, Span = expand_attributes,
  Div = expand_attributes, Figure = expand_attributes, Table = expand_attributes,
  Header = expand_attributes,
}

------------------------------------------------------------------------------------------
-- Callouts and unsupported Quarto blocks
------------------------------------------------------------------------------------------

local CALLOUT_COLOURS = {
  note = "#3a6ea5", tip = "#3f8f4f", important = "#b3261e", warning = "#b26b00", caution = "#b26b00",
}

local function callout(div, kind)
  local title = div.attributes.title and pandoc.Inlines(div.attributes.title) or nil
  local content = div.content
  if not title and content[1] and content[1].t == "Header" then
    title = content[1].content
    content = pandoc.Blocks({ table.unpack(content, 2) })
  end
  title = title or pandoc.Inlines(kind:sub(1, 1):upper() .. kind:sub(2))
  local heading = pandoc.Para({ pandoc.Strong(title) })
  local classes = { "callout", "callout-" .. kind }
  return pandoc.Div({ pandoc.Div({ heading }, { class = "callout-title" }),
                      pandoc.Div(content, { class = "callout-body" }) },
                    { id = div.identifier, class = table.concat(classes, " ") })
end

-- The paper's own marks, .statement (a sentence bound to a condition on the data, with
-- check="id") and .qualitative (a sentence that is not about the paper's data), are read by
-- pipeline/paper/statement_guard.py and mean nothing to Quarto, which renders such a span or div
-- as what it holds: in HTML a <span> or <div> with the class and a data-check attribute, in
-- Typst and DOCX the text alone. Pandoc's writers do exactly that, so they pass unchanged.
local PLAIN_CLASSES = { statement = true, qualitative = true }

local function plain_mark(el)
  return #el.classes == 1 and PLAIN_CLASSES[el.classes[1]] == true
end

-- The only divs the fallback renders: the five callouts, the paper's plain marks, and divs
-- without a class (such as ::: {#refs}, where citeproc puts the bibliography). Any other class
-- has a meaning in Quarto (.column-margin, .content-visible, .panel-tabset, .landscape, ...) that
-- plain pandoc would drop without a word, so it stops the render.
local SUPPORTED_DIVS = "::: {.callout-note}, {.callout-tip}, {.callout-warning}, "
  .. "{.callout-important}, {.callout-caution}, {.content-visible} and {.content-hidden} "
  .. "(with when-profile or unless-profile), {.statement} and {.qualitative}, and divs without a "
  .. "class, such as ::: {#refs}"

local block_filter = {
  Div = function(div)
    if plain_mark(div) then return nil end
    local kind = #div.classes == 1 and div.classes[1]:match("^callout%-(%a+)$")
    if kind and CALLOUT_COLOURS[kind] then return callout(div, kind) end
    for _, class in ipairs(div.classes) do
      local callout_kind = class:match("^callout%-(%a+)$")
      if not (callout_kind and CALLOUT_COLOURS[callout_kind]) then
        fail("::: {." .. class .. "} is not supported by the fallback renderer, which renders only "
          .. SUPPORTED_DIVS .. " (docs/rendering-fallback.md)")
      end
    end
    if #div.classes > 1 then
      fail("::: {." .. table.concat(div.classes, " .") .. "}: a callout takes no other class in "
        .. "the fallback renderer")
    end
    if div.identifier:match("^fig%-") or div.identifier:match("^tbl%-") then
      fail("::: {#" .. div.identifier .. "} (a figure or table div) is not supported by the "
        .. "fallback renderer; use ![Caption](file){#fig-id} or a pipe table with "
        .. "': Caption {#tbl-id}'")
    end
  end,
}

------------------------------------------------------------------------------------------
-- Numbering: sections, figures, tables
------------------------------------------------------------------------------------------

local targets = {} -- id -> { label = "Figure", number = "1" }  (number may be nil)

local function register(id, label, number)
  if targets[id] then fail("duplicate id '" .. id .. "'") end
  targets[id] = { label = label, number = number }
end

local function caption_label(label, number)
  return pandoc.Strong(pandoc.Inlines(label .. " " .. number .. TITLE_DELIM))
end

-- Put "Figure N:" in front of a caption (a list of blocks).
local function prefix_caption(blocks, label, number)
  local lead = caption_label(label, number)
  if #blocks > 0 and (blocks[1].t == "Plain" or blocks[1].t == "Para") then
    blocks[1].content:insert(1, pandoc.Space())
    blocks[1].content:insert(1, lead)
  else
    blocks:insert(1, pandoc.Plain({ lead }))
  end
  return blocks
end

local function numbering_filter(shift)
  local counters = { 0, 0, 0, 0, 0, 0 }
  local counts = { [WORDS["crossref-fig-title"]] = 0, [WORDS["crossref-tbl-title"]] = 0 }

  -- Figures and tables are numbered alike: in document order, with a "Kind N: " caption prefix.
  local function numbered(kind, prefix)
    return function(el)
      if not el.identifier:match("^" .. prefix .. "%-") then return nil end
      counts[kind] = counts[kind] + 1
      local number = tostring(counts[kind])
      register(el.identifier, kind, number)
      local caption = el.caption
      caption.long = prefix_caption(caption.long, kind, number)
      el.caption = caption
      return el
    end
  end
  local function count(level)
    counters[level] = counters[level] + 1
    for l = level + 1, #counters do counters[l] = 0 end
    local parts = {}
    for l = 1, level do parts[#parts + 1] = tostring(counters[l]) end
    return table.concat(parts, ".")
  end

  return {
    Header = function(h)
      h.level = h.level - shift
      if h.classes:includes("appendix") then
        -- Quarto 1.7 numbers .appendix headings as sections in print and moves them in HTML:
        -- no renderer letters them, so neither does this one (docs/rendering-fallback.md).
        fail("heading '" .. stringify(h) .. "' is .appendix, which Quarto numbers as a section; "
          .. "write an unnumbered heading that carries its letter ('# Annex A. Title {#sec-x "
          .. ".unnumbered}') and refer to it with a link ('[Annex A](#sec-x)')")
      end
      if h.classes:includes("unnumbered") then
        if h.identifier ~= "" then register(h.identifier, nil, nil) end
        return h
      end
      local number = count(h.level)
      if h.identifier ~= "" then register(h.identifier, WORDS["crossref-sec-prefix"], number) end
      return h
    end,

    Figure = numbered(WORDS["crossref-fig-title"], "fig"),
    Table = numbered(WORDS["crossref-tbl-title"], "tbl"),
  }
end

-- Quarto's cross-reference kinds; only fig, tbl and sec are implemented here.
local CROSSREF_KINDS = {
  fig = true, tbl = true, sec = true, eq = false, lst = false, thm = false, lem = false,
  cor = false, prp = false, cnj = false, def = false, exm = false, exr = false, sol = false,
  rem = false,
}

local function crossref_kind(id)
  return CROSSREF_KINDS[id:match("^(%a+)%-") or ""]
end

-- "fig", "tbl" or "sec": the kind of a (supported) cross-reference id.
local function crossref_kind_name(id)
  return id:match("^(%a+)%-")
end

local function crossref(citation, headings_text)
  local id = citation.id
  if crossref_kind(id) == false then
    fail("cross-reference @" .. id .. " is of a kind the fallback renderer does not support "
      .. "(only @fig-, @tbl- and @sec-)")
  end
  local target = targets[id]
  if not target then
    fail("unknown cross-reference @" .. id .. ": no figure, table or section has the id '" .. id .. "'")
  end
  local text
  if not target.number then
    text = headings_text[id] -- an unnumbered section: its title
  elseif citation.mode == "SuppressAuthor" then
    text = pandoc.Inlines(target.number)
  else
    text = pandoc.Inlines(PREFIX[crossref_kind_name(id)] .. " " .. target.number)
  end
  local inlines = pandoc.Inlines({})
  if #citation.prefix > 0 then
    inlines:extend(citation.prefix)
    inlines:insert(pandoc.Space())
  end
  inlines:insert(pandoc.Link(text, "#" .. id, "", { class = "quarto-xref" }))
  inlines:extend(citation.suffix)
  return inlines
end

local function crossref_filter(headings_text)
  return {
    Cite = function(cite)
      local refs = 0
      for _, c in ipairs(cite.citations) do
        if crossref_kind(c.id) ~= nil then refs = refs + 1 end
      end
      if refs == 0 then return nil end -- a real citation: citeproc's job
      if refs < #cite.citations then
        -- "@sec-x [@smith2020]" parses as one Cite (an in-text reference followed by
        -- bracketed citations): the reference, then the citations for citeproc.
        local first = cite.citations[1]
        if refs == 1 and crossref_kind(first.id) ~= nil and first.mode == "AuthorInText" then
          local rest = pandoc.List({ table.unpack(cite.citations, 2) })
          local out = crossref(first, headings_text)
          out:insert(pandoc.Space())
          out:insert(pandoc.Cite(pandoc.Inlines(""), rest))
          return out
        end
        fail("citation '" .. stringify(cite.content) .. "' mixes cross-references and citations; "
          .. "write them separately")
      end
      local out = pandoc.Inlines({})
      for n, c in ipairs(cite.citations) do
        if n > 1 then out:insert(pandoc.Str(n == #cite.citations and " and" or ",")) out:insert(pandoc.Space()) end
        out:extend(crossref(c, headings_text))
      end
      return out
    end,
  }
end

------------------------------------------------------------------------------------------
-- Output-format details
------------------------------------------------------------------------------------------

local function is_remote(src)
  return src:match("^%a[%w+.-]*://") ~= nil or src:match("^//") ~= nil
end

local remote_filter = {
  Image = function(img)
    if is_remote(img.src) then
      fail("image '" .. img.src .. "' is remote; the fallback renderer only embeds local files")
    end
  end,
}

-- The format's default image extension (Quarto's default-image-extension), for figures the
-- manuscript names without one, and the folder relative paths start from (the document's; in
-- the format pass, which reads the document's JSON from elsewhere, the working directory, which
-- the renderer sets to the document's folder): both set by Pandoc().
local IMAGE_EXTENSION = nil
local IMAGE_ROOT = INPUT_DIR

local format_filter = {
  -- Citations were processed in the content pass: a writer must print their text (Typst's
  -- would otherwise write a citation of its own, @key).
  Cite = function(cite)
    return cite.content
  end,
  Image = function(img)
    local alt = img.attributes["fig-alt"]
    if alt then
      img.caption = pandoc.Inlines(alt)
      img.attributes["fig-alt"] = nil
    end
    local name = pandoc.path.filename(img.src)
    if IMAGE_EXTENSION and not img.src:match("^data:") and not name:match("%.[%w]+$") then
      img.src = img.src .. "." .. IMAGE_EXTENSION
    end
    -- Typst resolves paths against its compile root ("/"), so hand it absolute paths; the other
    -- formats keep them relative (a DOCX records the path: an absolute one would differ by build).
    if IS_TYPST and not img.src:match("^data:") and not pandoc.path.is_absolute(img.src) then
      img.src = pandoc.path.normalize(pandoc.path.join({ IMAGE_ROOT, img.src }))
    end
    return img
  end,
  Div = function(div)
    -- A callout is a titled box: a Div for HTML (styled by the stylesheet), a block in Typst.
    if not (IS_TYPST and div.classes:includes("callout")) then return nil end
    local kind = "note"
    for _, class in ipairs(div.classes) do
      kind = class:match("^callout%-(%a+)$") or kind
    end
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst",
      '#block(width: 100%, inset: (x: 10pt, y: 8pt), radius: 2pt, fill: luma(246), '
      .. 'stroke: (left: 2.5pt + rgb("' .. (CALLOUT_COLOURS[kind] or "#555555") .. '")), breakable: true)[') })
    for _, part in ipairs(div.content) do blocks:extend(part.content) end
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end,
  Table = function(tbl)
    -- Column widths. Pandoc derives them from the dash row of a pipe table whose source
    -- lines exceed 72 characters, which squeezes long text into narrow columns whenever the
    -- dashes are not drawn to scale. The fallback sizes columns automatically instead, unless
    -- the table asks for widths with Quarto's tbl-colwidths="[30,70]" (percentages).
    local requested = tbl.attributes["tbl-colwidths"]
    tbl.attributes["tbl-colwidths"] = nil
    local widths = {}
    if requested and requested ~= "auto" then
      local total = 0
      for n in requested:gmatch("[%d%.]+") do
        widths[#widths + 1] = tonumber(n)
        total = total + tonumber(n)
      end
      if #widths ~= #tbl.colspecs or total <= 0 then
        fail("tbl-colwidths='" .. requested .. "' of table '" .. tbl.identifier .. "' does not give "
          .. #tbl.colspecs .. " widths")
      end
      for i, w in ipairs(widths) do widths[i] = w / math.max(total, 100) end
    end
    local specs = pandoc.List({})
    for i, spec in ipairs(tbl.colspecs) do specs:insert({ spec[1], widths[i] }) end
    tbl.colspecs = specs
    if not IS_HTML then return tbl end
    -- HTML: the table in a scroll box, so a wide table scrolls sideways on a phone instead
    -- of overflowing; the caption and the anchor sit on a figure around it (as in Quarto)
    -- so the caption stays in view.
    local caption = tbl.caption
    local id = tbl.identifier
    tbl.identifier = ""
    tbl.caption = pandoc.Caption()
    local wrapped = pandoc.Div({ tbl }, { class = "table-wrap" })
    if #caption.long == 0 and id == "" then return wrapped end
    return pandoc.Figure({ wrapped }, caption, { id = id, class = "table-figure" })
  end,
}

------------------------------------------------------------------------------------------
-- Title block
------------------------------------------------------------------------------------------

local function as_list(value)
  if value == nil then return {} end
  if ptype(value) == "List" then return value end
  return { value }
end

local function affiliation_text(value)
  local names = {}
  for _, a in ipairs(as_list(value)) do
    if ptype(a) == "table" then
      names[#names + 1] = stringify(a.name or a.id or "")
    else
      names[#names + 1] = stringify(a)
    end
  end
  return table.concat(names, "; ")
end

-- Quarto accepts "author: Name", a list of names, or a list of {name, affiliation(s), email};
-- both templates get a list of {name, affiliation, email}.
local function normalize_meta(meta)
  if meta.author then
    local authors, names = pandoc.List({}), pandoc.List({})
    for _, a in ipairs(as_list(meta.author)) do
      local entry = {}
      if ptype(a) == "table" then
        local name = a.name
        if ptype(name) == "table" then
          name = name.literal or pandoc.Inlines(stringify(name.given or "") .. " " .. stringify(name.family or ""))
        end
        entry.name = name or pandoc.Inlines("")
        local affiliation = affiliation_text(a.affiliation or a.affiliations)
        if affiliation ~= "" then entry.affiliation = pandoc.Inlines(affiliation) end
        if a.email then entry.email = a.email end
      else
        entry.name = a
      end
      authors:insert(pandoc.MetaMap(entry))
      names:insert(stringify(entry.name))
    end
    meta.author = authors
    meta["author-meta"] = names
  end
  local date = meta.date and stringify(meta.date)
  if date == "today" or date == "now" or date == "last-modified" then
    meta.date = pandoc.Inlines(os.date("%Y-%m-%d"))
  end
  if meta.abstract and not meta["abstract-title"] then
    meta["abstract-title"] = pandoc.Inlines(WORDS["section-title-abstract"])
  end
  if not meta["toc-title"] then
    meta["toc-title"] = pandoc.Inlines(WORDS["toc-title-document"])
  end
  return meta
end

------------------------------------------------------------------------------------------

local function content_pass(doc)
  for _, name in ipairs(doc.meta["quarto-profile"] or {}) do PROFILES[stringify(name)] = true end
  set_language(doc.meta)
  doc.blocks = expand_includes(doc.blocks, INPUT_DIR, {})
  doc = doc:walk(conditional_filter)
  doc = doc:walk(shortcode_filter)
  doc = doc:walk(block_filter)

  -- Number from the top heading level actually used, so "## Intro" is section 1 in HTML and
  -- Typst alike (pandoc's HTML numbering does this by itself; Typst's counter does not).
  local top = 6
  doc.blocks:walk({ Header = function(h) if h.level < top then top = h.level end end })
  doc.blocks = doc.blocks:walk(numbering_filter(top - 1))

  local headings_text = {}
  doc.blocks:walk({ Header = function(h) headings_text[h.identifier] = h.content end })
  doc = doc:walk(crossref_filter(headings_text))
  doc = doc:walk(remote_filter)
  doc.meta = normalize_meta(doc.meta)
  return doc
end

-- The filter runs in two passes, so that the document is read, filtered and its citations
-- processed once for all formats: "content" (everything that does not depend on the output
-- format, written as pandoc JSON) and "format" (what does: callouts in Typst, image extensions,
-- HTML table boxes), chosen by the metadata quarto-subset-phase; without it, both in one pass.
function Pandoc(doc)
  local phase = doc.meta["quarto-subset-phase"] and stringify(doc.meta["quarto-subset-phase"]) or "all"
  if phase ~= "format" then doc = content_pass(doc) end
  if phase ~= "content" then
    local extension = doc.meta["quarto-subset-image-extension"]
    IMAGE_EXTENSION = extension and stringify(extension) or nil
    if phase == "format" then IMAGE_ROOT = pandoc.system.get_working_directory() end
    doc = doc:walk(format_filter)
    if FORMAT == "docx" and doc.meta["author-meta"] then
      -- pandoc's DOCX writer prints only authors that are names, as Quarto's DOCX shows them
      doc.meta.author = doc.meta["author-meta"]
    end
  end
  doc.meta["quarto-subset-phase"] = nil
  doc.meta["quarto-subset-image-extension"] = nil
  return doc
end
