--[[
typography.lua: the typography of the document's language, set by the renderer, not the writer.

French puts a narrow no-break space (U+202F) before ; : ! ? and inside « », and a no-break space
(U+00A0) inside a date ("15 novembre 2000") and after a word that announces a number or a letter
("figure 3", "annexe A", "art. 3", "p. 38"), and writes the first day of a month "1er" with its
ordinal raised. A writer types ordinary spaces, or none; a browser
breaks a line at an ordinary space, so that a "?" or a "»" may open the next line. This filter
sets those spaces in every format, in everything the document holds: its text, captions, table
cells (generated annexes included), footnotes and the bibliography that citeproc wrote, and
writes quotations (pandoc's Quoted) with the language's marks. It leaves code, raw markup and
the text of a link that is its own address alone.

What to set comes from the locale record of the document's language (paper/locales/<lang>.yml,
`typography`), which pipeline/paper/render.py passes as metadata, with both renderers:
locale-typography-space-before, -marks, -quote-space, -no-break-space, -no-break-after, -months
(lists joined by "|"), -first-day and -and (the word that joins two days: "3 et 4 décembre"),
and locale-quote-double-open/-close, -single-open/-close. A
language that sets nothing (English) has no locale-typography-* metadata, and the filter then
returns the document as it came. Running it twice changes nothing more.

Quarto runs it after its own filters and citeproc (`filters: [{path: ..., at: post-render}]` at
the top of _quarto.yml, for every format); the fallback renderer reads the same list and runs it
after --citeproc, before a format's own post-render filters (typst-quotes.lua).
]]

local stringify = pandoc.utils.stringify

local RULES = nil -- set by Meta when the language asks for anything

local function split(text)
  local items = {}
  for item in (text .. "|"):gmatch("(.-)|") do
    if item ~= "" then items[#items + 1] = item end
  end
  return items
end

local function set_rules(meta)
  if meta["locale-typography-marks"] == nil then return meta end
  local function take(key)
    local value = meta["locale-typography-" .. key]
    meta["locale-typography-" .. key] = nil
    return value ~= nil and stringify(value) or ""
  end
  RULES = {
    before = take("space-before"), marks = take("marks"), quote = take("quote-space"),
    nbsp = take("no-break-space"), first_day = take("first-day"), conjunction = take("and"),
    words = {}, months = {},
  }
  for _, word in ipairs(split(take("no-break-after"))) do RULES.words[pandoc.text.lower(word)] = true end
  for _, month in ipairs(split(take("months"))) do RULES.months[pandoc.text.lower(month)] = true end
  RULES.quotes = {}
  for kind, quote in pairs({ double = "DoubleQuote", single = "SingleQuote" }) do
    local open, close = meta["locale-quote-" .. kind .. "-open"], meta["locale-quote-" .. kind .. "-close"]
    if open ~= nil and close ~= nil then RULES.quotes[quote] = { stringify(open), stringify(close) } end
  end
  return meta
end

-- Characters, as UTF-8 strings.
local NARROW, NBSP = "\u{202F}", "\u{00A0}"

local function chars(text)
  local list = {}
  for _, code in utf8.codes(text) do list[#list + 1] = utf8.char(code) end
  return list
end

local function first_char(text)
  return text:match("^[%z\1-\127\194-\244][\128-\191]*") or ""
end

local function last_char(text)
  return text:match("[%z\1-\127\194-\244][\128-\191]*$") or ""
end

local function is_mark(char)
  return char ~= "" and #char == 1 and RULES.marks:find(char, 1, true) ~= nil
end

local function is_blank(char)
  return char == "" or char == " " or char == NARROW or char == NBSP
end

local function is_space(el)
  return el ~= nil and (el.t == "Space" or el.t == "SoftBreak")
end

local function str_text(el)
  return el ~= nil and el.t == "Str" and el.text or nil
end

-- "(figure" -> "figure", "l’annexe" -> "annexe"; "art." stays "art.".
local function bare_word(text)
  text = text:gsub("^[%(%[]+", "")
  text = text:match("^.*’(.*)$") or text:match("^.*'(.*)$") or text
  return pandoc.text.lower(text)
end

-- A day's number, after an opening parenthesis or bracket if any: "3", "(1er".
local function is_day(text)
  text = text:gsub("^[%(%[]+", "")
  return text:match("^%d%d?$") ~= nil or (RULES.first_day ~= "" and text == RULES.first_day)
end

local function is_year(text)
  return text:match("^%d%d%d%d") ~= nil and not text:match("^%d%d%d%d%d")
end

local function is_month(text)
  return text ~= nil and RULES.months[pandoc.text.lower(text)] == true
end

-- What follows a word such as "figure" or "art." and must stay with it: a number ("3", "3.2",
-- "2005-06", "1er"), or a letter alone ("A", "A.", "a)").
local function is_reference(text)
  return text:match("^%d") ~= nil or text:match("^%u[%.,;:%)]?$") ~= nil or text:match("^%l%)") ~= nil
end

-- The space at inlines[i] (a Space), as the language sets it: nil to keep the one there.
local function space_between(inlines, i)
  local before, after = inlines[i - 1], inlines[i + 1]
  local left, right = str_text(before), str_text(after)
  local function word(k) return str_text(inlines[k]) end
  if right and is_mark(first_char(right)) then return RULES.before end
  if RULES.quote ~= "" and right and first_char(right) == "»" then return RULES.quote end
  if RULES.quote ~= "" and left and last_char(left) == "«" then return RULES.quote end
  if RULES.nbsp == "" or not (left and right) then return nil end
  if (is_day(left) and is_month((right:gsub("%p+$", "")))) or (is_month(left) and is_year(right)) then
    return RULES.nbsp
  end
  -- "3 et 4 décembre 2015": the first day stays with the second.
  local conjunction = RULES.conjunction ~= "" and RULES.conjunction or nil
  if conjunction and ((is_day(left) and right == conjunction and is_day(word(i + 3) or "") and is_month(word(i + 5)))
      or (left == conjunction and is_day(right) and is_day(word(i - 3) or "") and is_month(word(i + 3)))) then
    return RULES.nbsp
  end
  if RULES.words[bare_word(left)] and is_reference(right) then return RULES.nbsp end
  return nil
end

-- The first day of a month, as a citation style or a writer put it ("1 décembre", "1er
-- décembre"), where the language writes it otherwise ("1er", its ordinal raised).
local function first_of_month(inlines, i)
  local text = inlines[i].text:gsub("^[%(%[]+", "")
  if RULES.first_day == "" or not RULES.first_day:match("^%d+%D") then return false end
  local digits = RULES.first_day:match("^(%d+)")
  return (text == digits or text == RULES.first_day) and is_space(inlines[i + 1])
    and is_month(str_text(inlines[i + 2]))
end

-- One Str: a space typed inside it before a mark or inside « » (a Str a filter made, such as a
-- caption's " :"), a mark glued to the word before it when a space follows ("Bruxelles:"), a
-- guillemet glued to the word inside it.
local function within(text, followed_by_space)
  local list, out = chars(text), {}
  local function trim()
    while #out > 0 and (out[#out] == " " or out[#out] == NBSP) do out[#out] = nil end
  end
  local function spaced(previous)
    return #out > 0 and not is_blank(out[#out]) and not is_mark(out[#out]) and previous
  end
  local i = 1
  while i <= #list do
    local char, following = list[i], list[i + 1]
    if is_mark(char) then
      local typed = #out > 0 and (out[#out] == " " or out[#out] == NBSP)
      trim()
      local last = (following == nil and followed_by_space) or following == " "
      if typed or spaced(last) then out[#out + 1] = RULES.before end
      out[#out + 1] = char
    elseif char == "«" and RULES.quote ~= "" then
      out[#out + 1] = char
      while list[i + 1] == " " or list[i + 1] == NBSP do i = i + 1 end
      if list[i + 1] ~= nil and list[i + 1] ~= NARROW then out[#out + 1] = RULES.quote end
    elseif char == "»" and RULES.quote ~= "" then
      trim()
      if #out > 0 and out[#out] ~= NARROW then out[#out + 1] = RULES.quote end
      out[#out + 1] = char
    else
      out[#out + 1] = char
    end
    i = i + 1
  end
  return table.concat(out)
end

-- A link whose text is its own address ("https://..."): left as it is.
local function is_address(el)
  return el.t == "Link" and stringify(el.content) == el.target
end

local function set_inlines(inlines)
  if RULES == nil then return nil end
  local out = pandoc.Inlines({})
  local n = #inlines
  for i = 1, n do
    local el, before, after = inlines[i], inlines[i - 1], inlines[i + 1]
    if is_space(el) and before ~= nil and after ~= nil then
      local wanted = space_between(inlines, i)
      out:insert(wanted and pandoc.Str(wanted) or el)
    elseif el.t == "Str" and first_of_month(inlines, i) then
      -- "1 décembre" -> "1er décembre", its "er" raised, as the language writes the first day.
      local digits, suffix = RULES.first_day:match("^(%d+)(.*)$")
      out:insert(pandoc.Str(el.text:match("^[%(%[]*") .. digits))
      if suffix ~= "" then out:insert(pandoc.Superscript({ pandoc.Str(suffix) })) end
    elseif el.t == "Str" then
      local text = within(el.text, i == n or is_space(after))
      -- A mark or a closing guillemet that opens a Str glued to what precedes it (a citation,
      -- a link, emphasis), an opening guillemet glued to what follows.
      local glued_before = before ~= nil and not is_space(before)
        and not is_blank(before.t == "Str" and last_char(before.text) or "x")
      if glued_before and is_mark(first_char(text)) then text = RULES.before .. text end
      if glued_before and first_char(text) == "»" and RULES.quote ~= "" then text = RULES.quote .. text end
      if after ~= nil and not is_space(after) and last_char(text) == "«" and RULES.quote ~= "" then
        text = text .. RULES.quote
      end
      out:insert(pandoc.Str(text))
    else
      out:insert(el)
    end
  end
  return out
end

local function set_quoted(el)
  if RULES == nil then return nil end
  local marks = RULES.quotes[el.quotetype]
  if not marks then return nil end
  local inlines = pandoc.Inlines({ pandoc.Str(marks[1]) })
  inlines:extend(el.content)
  inlines:insert(pandoc.Str(marks[2]))
  return inlines
end

return {
  { Meta = set_rules },
  { Quoted = set_quoted },
  {
    Inlines = set_inlines,
    Link = function(el) if RULES and is_address(el) then return el, false end end,
    Code = function(el) return el, false end,
    traverse = "topdown",
  },
}
