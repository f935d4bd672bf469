--[[
typst-quotes.lua: curly quotation marks and apostrophes kept as they are in Typst output.

Pandoc's Typst writer turns a right single quotation mark (’) back into a straight ', and a
quotation (Quoted) into straight marks, both for Typst's smart quotes to curl again. Those guess
from the character before: after a closing parenthesis they open, so a bibliography entry whose
quoted title ends in ")" was closed with ‘. This filter hands Typst every curly mark as raw text,
which it prints as it is, and writes each quotation's marks in the document's language (English
‘…’ and “…”; French « … » and “…”), as its locale record (paper/locales/<lang>.yml) gives them:
the renderer passes them as metadata (locale-quote-double-open, ...-close, locale-quote-single-*).
Without them, the marks are “…” and ‘…’.

Quarto runs it after its own filters and citeproc (`filters: [{path: ..., at: post-render}]`
in the typst format of _quarto.yml); the fallback renderer runs it after --citeproc.
]]

local marks = { SingleQuote = { "‘", "’" }, DoubleQuote = { "“", "”" } }
local CURLY = { "‘", "’", "“", "”" }

local function raw(mark)
  return pandoc.RawInline("typst", mark)
end

-- The first curly mark in text from start on (marks are several bytes: found as plain text).
local function next_mark(text, start)
  local best, best_last
  for _, mark in ipairs(CURLY) do
    local first, last = text:find(mark, start, true)
    if first and (not best or first < best) then best, best_last = first, last end
  end
  return best, best_last
end

-- "project’s" -> Str "project", raw ’, Str "s"
local function split_marks(text)
  local out = pandoc.Inlines({})
  local start = 1
  while true do
    local first, last = next_mark(text, start)
    if not first then break end
    if first > start then out:insert(pandoc.Str(text:sub(start, first - 1))) end
    out:insert(raw(text:sub(first, last)))
    start = last + 1
  end
  if start <= #text then out:insert(pandoc.Str(text:sub(start))) end
  return out
end

return {
  {
    Meta = function(meta)
      for quote, kind in pairs({ SingleQuote = "single", DoubleQuote = "double" }) do
        for n, side in ipairs({ "open", "close" }) do
          local key = "locale-quote-" .. kind .. "-" .. side
          if meta[key] ~= nil then marks[quote][n] = pandoc.utils.stringify(meta[key]) end
          meta[key] = nil
        end
      end
      return meta
    end,
  },
  {
    Quoted = function(el)
      local open, close = table.unpack(marks[el.quotetype])
      local inlines = pandoc.Inlines({ raw(open) })
      inlines:extend(el.content)
      inlines:insert(raw(close))
      return inlines
    end,
  },
  {
    Str = function(el)
      if next_mark(el.text, 1) then return split_marks(el.text) end
    end,
  },
}
