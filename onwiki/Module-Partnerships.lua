-- Module:Partnerships: the infobox of {{Partnership}}, and {{Partnerships list}} and
-- {{Partnerships count}}, which place the registry's partnerships on any page.
--
-- Deployed by the partnerships bot (python -m bot deploy) from onwiki/Module-Partnerships.lua;
-- edit that file, not this page. The module holds no field name, label, value or page title
-- of its own: they come from two JSON pages the bot generates from config/schema.toml and
-- config/bot.toml, and from the registry's data page, which the bot's update job writes:
--
--   Module:Partnerships/schema.json  fields, parameter names, values, labels, pages, categories
--   Module:Partnerships/i18n.json    messages, by language (i18n/*.json in the bot's repository),
--                                    with country names from CLDR (partnerships-country-<code>)
--   <data page> (and its shards)     every partnership as the bot normalised it
--
-- All three are read with mw.loadJsonData: once per page view, however many lists it shows.
-- Nothing an editor types reaches the output unescaped except the values of a page's own
-- infobox before the bot has checked them (they are the page's own wikitext, shown as typed).
--
-- Everything is shown in one language per #invoke (see languageOf): lang= of the call, else the
-- reader's interface language as {{int:lang}} gives it (MediaWiki:Lang and its subpages, as on
-- Meta-Wiki), else the wiki's content language. A message, label or country name the language
-- lacks is shown in English, never as a blank or a key.

local p = {}

local ustring = mw.ustring
local text = mw.text

-- Loading ------------------------------------------------------------------------------------

local loaded = {}

-- A JSON page as a read-only table, or nil when it is missing (never a script error).
--
-- mw.loadJsonData records the page as a template of the page being rendered, so that
-- MediaWiki renders it again when the data changes; but it refuses a missing page before
-- recording it. Reading the missing page's content records it instead, so a page shown
-- before the bot's first update is rendered again once the data page exists.
local function loadJson(title)
	if loaded[title] == nil then
		local ok, data = pcall(mw.loadJsonData, title)
		if not ok then
			local missing = mw.title.new(title)
			if missing then
				missing:getContent()
			end
		end
		loaded[title] = ok and type(data) == 'table' and data or false
	end
	return loaded[title] or nil
end

local Env = {}
Env.__index = Env

local ENGLISH = 'en'

-- A language code given in a call's lang=, lower-cased; nil when absent or not a language.
local function givenLanguage(args)
	local code = args and args.lang
	if type(code) ~= 'string' then
		return nil
	end
	code = ustring.lower(text.trim(code))
	if code ~= '' and mw.language.isKnownLanguageTag(code) then
		return code
	end
	return nil
end

-- The language of one #invoke, and where it came from ('parameter', 'interface' or 'content'):
-- 1. lang= of the #invoke, else of the template that invokes it ({{Partnerships list|lang=de}});
-- 2. the reader's interface language as Meta's templates get it: {{int:lang}} is the text of
--    MediaWiki:Lang in the reader's language (MediaWiki:Lang/de says "de"). Asking for it makes
--    MediaWiki keep one rendering of the page per interface language. Where the wiki lacks
--    MediaWiki:Lang the answer is "⧼lang⧽", no language: the interface language is not set up;
-- 3. the wiki's content language.
local function languageOf(frame)
	local parent = frame:getParent()
	local code = givenLanguage(frame.args) or givenLanguage(parent and parent.args)
	if code then
		return code, 'parameter'
	end
	local interface = ustring.lower(text.trim(frame:preprocess('{{int:lang}}')))
	if mw.language.isKnownLanguageTag(interface) then
		return interface, 'interface'
	end
	return mw.language.getContentLanguage():getCode(), 'content'
end

-- Where a message is looked for: the language, MediaWiki's fallbacks for it, English last.
local function fallbackChain(code)
	local chain, seen = {}, {}
	local function add(c)
		if not seen[c] then
			seen[c] = true
			chain[#chain + 1] = c
		end
	end
	add(code)
	for _, c in ipairs(mw.language.getFallbacksFor(code)) do
		add(c)
	end
	add(ENGLISH)
	return chain
end

-- The module's environment: its schema, messages and language, for one #invoke.
local function environment(frame)
	local base = frame:getTitle()
	local code, source = languageOf(frame)
	local lang = mw.language.new(code)
	local env = setmetatable({
		frame = frame,
		base = base,
		schema = loadJson(base .. '/schema.json'),
		messages = loadJson(base .. '/i18n.json') or {},
		lang = lang,
		code = code,
		languageSource = source,
		dir = lang:getDir(),
		chain = fallbackChain(code),
	}, Env)
	if env.schema then
		env.fields, env.byName = {}, {}
		for _, field in ipairs(env.schema.fields) do
			local spec = {
				name = field.id,
				label = field.label,
				type = field.value_type,
				list = field.list,
				enum = field.enum,
				role = field.role,
				requirement = field.requirement,
				required_when = field.required_when,
				names = field.names,
			}
			env.fields[#env.fields + 1] = spec
			env.byName[spec.name] = spec
		end
	end
	return env
end

-- Messages ------------------------------------------------------------------------------------

-- A key's text in the first language of the chain that has it (English last); nil when none has.
-- With english = false, English is left out (the caller has a better English text: the schema's).
function Env:lookup(key, english)
	for _, code in ipairs(self.chain) do
		if english ~= false or code ~= ENGLISH then
			local own = self.messages[code]
			local found = own and own[key]
			if type(found) == 'string' and found ~= '' then
				return found
			end
		end
	end
	return nil
end

-- A message in the #invoke's language (English when it lacks one, MediaWiki's sign ⧼key⧽ when
-- English lacks it too), with {{PLURAL:$n|...}} chosen by the language's plural rules (Arabic
-- has six forms, zero one two few many other) and then $1... substituted, numbers written as
-- the language writes them.
function Env:msg(key, ...)
	local template = self:lookup(key) or ('⧼' .. key .. '⧽')
	local args = { ... }
	local out = ustring.gsub(template, '{{PLURAL:%s*([^|}]*)|([^}]*)}}', function (n, forms)
		n = ustring.gsub(n, '%$(%d+)', function (i)
			local value = args[tonumber(i)]
			return value ~= nil and tostring(value) or ''
		end)
		local number = tonumber((ustring.gsub(n, '[^%d%.]', ''))) or 0
		return self.lang:plural(number, text.split(forms, '|', true))
	end)
	out = ustring.gsub(out, '%$(%d+)', function (n)
		local value = args[tonumber(n)]
		if type(value) == 'number' then
			return self.lang:formatNum(value)
		end
		return value ~= nil and tostring(value) or ''
	end)
	return out
end

local FIELD_PREFIX, VALUE_PREFIX, COUNTRY_PREFIX = 'partnerships-field-', 'partnerships-value-', 'partnerships-country-'

-- A field's label in the #invoke's language: its partnerships-field-<field> message, else the
-- schema's (English) label.
function Env:fieldLabel(spec)
	return self:lookup(FIELD_PREFIX .. spec.name, false) or spec.label
end

-- A country's name in the #invoke's language: deploy writes CLDR's names into i18n.json
-- (partnerships-country-<code>); else the schema's English name, else the code.
function Env:countryName(code)
	return self:lookup(COUNTRY_PREFIX .. code, false) or self.schema.country_labels[code] or code
end

-- Text keys: the bot's rules (bot/core/textkeys.py), ported -----------------------------------

-- A parameter name with case, '_', '-' and spaces ignored (param_key).
local function paramKey(name)
	return (ustring.gsub(ustring.lower(text.trim(name)), '[%s_%-]+', ''))
end
p._paramKey = paramKey

local MARKS = '[' .. ustring.char(0x300) .. '-' .. ustring.char(0x36F)
	.. ustring.char(0x1AB0) .. '-' .. ustring.char(0x1AFF)
	.. ustring.char(0x1DC0) .. '-' .. ustring.char(0x1DFF)
	.. ustring.char(0x20D0) .. '-' .. ustring.char(0x20FF)
	.. ustring.char(0xFE20) .. '-' .. ustring.char(0xFE2F) .. ']'

-- An enumeration spelling's lookup key (match_key): case, diacritics, punctuation, separators
-- and a plural 's' ignored, '&' read as 'and'.
local function matchKey(value)
	local s = ustring.lower(value)
	s = ustring.gsub(s, 'ß', 'ss')
	s = ustring.toNFKD(s) or s
	s = ustring.gsub(s, MARKS, '')
	s = ustring.gsub(s, '&', ' and ')
	s = ustring.gsub(s, '[^%w%s]', ' ')
	s = ustring.gsub(s, '_', ' ')
	local words = {}
	for word in ustring.gmatch(s, '%S+') do
		if ustring.len(word) > 3 and ustring.sub(word, -1) == 's' and ustring.sub(word, -2) ~= 'ss' then
			word = ustring.sub(word, 1, -2)
		end
		words[#words + 1] = word
	end
	return table.concat(words)
end
p._matchKey = matchKey

-- The data shard (1..n) holding a page's record: the bot's shard_of (bot/core/render/data.py).
local function shardOf(title, shards)
	local h = 0
	for i = 1, #title do
		h = (h * 31 + string.byte(title, i)) % 4294967296
	end
	return h % shards + 1
end
p._shardOf = shardOf

-- Byte order, as Python compares the UTF-8 of two strings (Lua's '<' follows the C locale).
local function byteLess(a, b)
	local n = math.min(#a, #b)
	for i = 1, n do
		local x, y = string.byte(a, i), string.byte(b, i)
		if x ~= y then
			return x < y
		end
	end
	return #a < #b
end

-- Reading a page's parameters: resolve_parameters (bot/core/params.py), ported ----------------

-- Markup that is not the editor's value: strip markers (<ref>, <nowiki>) and Translate tags.
local function clean(value)
	local s = text.killMarkers(value)
	s = ustring.gsub(s, '</?translate>', '')
	s = ustring.gsub(s, '<tvar[^>]*>', '')
	s = ustring.gsub(s, '</tvar>', '')
	return text.trim(s)
end

-- The value of every field the page gives, with the parameter name it was given under:
-- the canonical name first, then the aliases in order, then other spellings; the first
-- non-blank one wins, as the bot decides.
function Env:read(args)
	local candidates = {}
	for name, value in pairs(args) do
		if type(name) == 'string' then
			local hit = self.schema.params[paramKey(name)]
			if hit then
				local field, rank = hit[1], hit[2]
				local spec = self.byName[field]
				if spec.names[rank + 1] ~= name then
					local count = 0
					for _ in ipairs(spec.names) do
						count = count + 1
					end
					rank = count + rank
				end
				local list = candidates[field] or {}
				candidates[field] = list
				list[#list + 1] = { rank = rank, name = name, value = text.trim(value), blank = clean(value) == '' }
			end
		end
	end
	local chosen = {}
	for field, list in pairs(candidates) do
		table.sort(list, function (a, b)
			if a.rank ~= b.rank then
				return a.rank < b.rank
			end
			return byteLess(a.name, b.name)
		end)
		local pick = list[1]
		for _, item in ipairs(list) do
			if not item.blank then
				pick = item
				break
			end
		end
		chosen[field] = pick
	end
	return chosen
end

-- The data page --------------------------------------------------------------------------------

-- The record of one page, from its shard when the data is sharded; nil when the bot has none.
function Env:record(title)
	local data = loadJson(self.schema.pages.data)
	if not data then
		return nil
	end
	local records = data.records
	if data.shards then
		local titles = {}
		for _, shard in ipairs(data.shards) do
			titles[#titles + 1] = shard
		end
		if #titles == 0 then
			return nil
		end
		local shard = loadJson(titles[shardOf(title, #titles)])
		records = shard and shard.records
	end
	for _, record in ipairs(records or {}) do
		if record.page == title then
			return record
		end
	end
	return nil
end

-- Every record (every shard's); nil when the data page does not exist yet.
function Env:records()
	local data = loadJson(self.schema.pages.data)
	if not data then
		return nil
	end
	local all = {}
	local function add(records)
		for _, record in ipairs(records or {}) do
			all[#all + 1] = record
		end
	end
	if data.shards then
		for _, shard in ipairs(data.shards) do
			local part = loadJson(shard)
			add(part and part.records)
		end
	else
		add(data.records)
	end
	return all
end

-- Showing values --------------------------------------------------------------------------------

-- Text on one line, inert: control characters become spaces, markup is escaped.
local function inert(value)
	return text.nowiki((ustring.gsub(tostring(value), '%c', ' ')))
end

local function values(value)
	if value == nil then
		return {}
	end
	if type(value) == 'table' then
		local out = {}
		for _, v in ipairs(value) do
			if v ~= nil and v ~= '' then
				out[#out + 1] = v
			end
		end
		return out
	end
	if value == '' then
		return {}
	end
	return { value }
end

-- An enumeration value's label in the #invoke's language: its partnerships-value-<enum>-<id>
-- message, else the schema's (English) label, else the id.
function Env:enumLabel(spec, id)
	for _, value in ipairs(self.schema.enums[spec.enum] or {}) do
		if value.id == id then
			return self:lookup(VALUE_PREFIX .. spec.enum .. '-' .. id, false) or value.label
		end
	end
	return id
end

local function link(title, label)
	local t = mw.title.new(title)
	if not t or t.fragment ~= '' then
		return inert(label)
	end
	return '[[:' .. t.fullText .. '|' .. inert(label) .. ']]'
end

function Env:formatDate(value)
	local y, m, d = string.match(value, '^(%d%d%d%d)%-?(%d?%d?)%-?(%d?%d?)$')
	if not y then
		return inert(value)
	end
	-- How the language writes a day or a month is a message ({{#time:}} format): "5. Mai 2018".
	local format, date = nil, value
	if d ~= '' then
		format = self:msg('partnerships-date-day')
	elseif m ~= '' then
		format, date = self:msg('partnerships-date-month'), value .. '-01'
	else
		format, date = 'Y', y .. '-01-01' -- (the language's digits)
	end
	local ok, shown = pcall(self.lang.formatDate, self.lang, format, date)
	return inert(ok and shown or value)
end

local function wikidataLink(id)
	if not string.match(id, '^Q[1-9]%d*$') then
		return inert(id)
	end
	local t = mw.title.new('d:' .. id)
	if t and t.interwiki == 'd' then
		return '[[d:' .. id .. '|' .. id .. ']]'
	end
	return '[https://www.wikidata.org/wiki/' .. id .. ' ' .. id .. ']'
end

local function urlLink(url)
	if not string.match(url, '^https?://[%w%.%-]+[^%s%[%]<>"{}|\\^`]*$') then
		return inert(url)
	end
	local shown = ustring.gsub(ustring.gsub(url, '^https?://', ''), '/$', '')
	return '[' .. url .. ' ' .. inert(shown) .. ']'
end

-- One normalised value as the bot stored it, shown by the field's type.
function Env:formatValue(spec, value)
	local kind = spec.type
	if spec.enum and self.schema.enums[spec.enum] then
		return inert(self:enumLabel(spec, value))
	elseif kind == 'country' then
		return inert(self:countryName(value))
	elseif kind == 'user' then
		return link('User:' .. value, value)
	elseif kind == 'wikidata' then
		return wikidataLink(value)
	elseif kind == 'url' then
		return urlLink(value)
	elseif kind == 'date' then
		return self:formatDate(value)
	end
	return inert(value)
end

function Env:formatField(spec, value)
	local parts = {}
	for _, v in ipairs(values(value)) do
		parts[#parts + 1] = self:formatValue(spec, v)
	end
	return table.concat(parts, '<br />')
end

local function displayName(record, titleField)
	local name = titleField and record[titleField]
	if type(name) == 'string' and text.trim(name) ~= '' then
		return name
	end
	local last = string.match(record.page, '([^/]+)/*$')
	return last and text.trim(last) ~= '' and text.trim(last) or record.page
end

-- Scope and categories -----------------------------------------------------------------------

function Env:titleField()
	for _, spec in ipairs(self.fields) do
		if spec.role == 'title' then
			return spec.name
		end
	end
	return self.fields[1].name
end

-- 'in' (a registry page), 'outside' (a content page not under the prefix) or 'other'
-- (the template's own pages, drafts in namespaces the registry does not read).
function Env:scope(title)
	local namespaces = {}
	for _, ns in ipairs(self.schema.scope.namespaces) do
		namespaces[ns] = true
	end
	local inNamespace
	if next(namespaces) == nil then
		inNamespace = title.namespace ~= 10
	else
		inNamespace = namespaces[title.namespace] == true
	end
	if not inNamespace then
		return 'other'
	end
	local prefix = self.schema.scope.prefix
	if prefix == '' or string.sub(title.prefixedText, 1, #prefix) == prefix then
		return 'in'
	end
	return 'outside'
end

function Env:category(name, sortKey)
	return '[[Category:' .. name .. (sortKey and sortKey ~= '' and ('|' .. sortKey) or '') .. ']]'
end

function Env:sortKey(title)
	local prefix = self.schema.scope.prefix
	if prefix ~= '' and string.sub(prefix, -1) == '/' and string.sub(title.prefixedText, 1, #prefix) == prefix then
		return string.sub(title.prefixedText, #prefix + 1)
	end
	return ''
end

function Env:isPlaceholder(value)
	local lowered = ustring.lower(text.trim(value))
	for _, placeholder in ipairs(self.schema.placeholders) do
		if lowered == placeholder then
			return true
		end
	end
	return false
end

local function contains(list, wanted)
	for _, item in ipairs(list or {}) do
		if item == wanted then
			return true
		end
	end
	return false
end

-- The enumeration id an editor's raw value names (nil: not recognised).
function Env:matchEnum(spec, raw)
	local index = self.schema.match[spec.enum]
	return index and index[matchKey(raw)]
end

-- Categories of a registry page: from the bot's record when it has read this revision
-- (its values and problem codes), else from the raw values, matched as the bot matches them.
function Env:categories(title, record, chosen)
	local cats = self.schema.categories
	local key = self:sortKey(title)
	local out = { self:category(cats.all, key) }
	local missing, unknown = false, false
	for field, byValue in pairs(cats.values) do
		local spec = self.byName[field]
		local id
		if record then
			id = record[field]
		elseif chosen[field] and not chosen[field].blank and not self:isPlaceholder(chosen[field].value) then
			id = self:matchEnum(spec, chosen[field].value)
			unknown = unknown or id == nil
		end
		if type(id) == 'string' and byValue[id] then
			out[#out + 1] = self:category(byValue[id], key)
		end
	end
	if record then
		for _, code in ipairs(record.codes or {}) do
			missing = missing or contains(self.schema.problem_codes.missing, code)
			unknown = unknown or contains(self.schema.problem_codes.unknown, code)
		end
	else
		local function empty(name)
			local item = chosen[name]
			return not item or item.blank or self:isPlaceholder(item.value)
		end
		for _, spec in ipairs(self.fields) do
			if spec.requirement == 'required' and empty(spec.name) then
				missing = true
			elseif spec.required_when and empty(spec.name) then
				local other = chosen[spec.required_when.field]
				local otherSpec = self.byName[spec.required_when.field]
				if other and not other.blank then
					local id = otherSpec.enum and self:matchEnum(otherSpec, other.value)
						or ustring.lower(other.value)
					missing = missing or id == spec.required_when.equals
				end
			end
		end
		for _, spec in ipairs(self.fields) do
			local item = chosen[spec.name]
			if spec.enum and not spec.list and not cats.values[spec.name] and item and not item.blank
				and not self:isPlaceholder(item.value) and not self:matchEnum(spec, item.value) then
				unknown = true
			end
		end
	end
	if missing then
		out[#out + 1] = self:category(cats.missing, key)
	end
	if unknown then
		out[#out + 1] = self:category(cats.unknown, key)
	end
	return table.concat(out)
end

-- The infobox -------------------------------------------------------------------------------------

-- The box floats to the side a text of its direction ends on (right in English, left in Arabic),
-- as infoboxes do on wikis of either direction; labels align to where its lines start.
local BOX_STYLE = {
	ltr = 'float:right; clear:right; width:23em; margin:0 0 1em 1em; padding:0.3em; ',
	rtl = 'float:left; clear:left; width:23em; margin:0 1em 1em 0; padding:0.3em; text-align:right; ',
}
local BOX_LOOK = 'border:1px solid #a2a9b1; border-spacing:3px; background-color:#f8f9fa; color:#202122; '
	.. 'font-size:88%; line-height:1.5em;'
local LABEL_STYLE = {
	ltr = 'text-align:left; vertical-align:top; padding-right:0.6em; white-space:nowrap;',
	rtl = 'text-align:right; vertical-align:top; padding-left:0.6em; white-space:nowrap;',
}
local NOTICE_STYLE = {
	error = 'background-color:#fee7e6; border:1px solid #d33; padding:0.3em; font-size:95%;',
	warning = 'background-color:#fef6e7; border:1px solid #fc3; padding:0.3em; font-size:95%;',
	info = 'background-color:#eaf3ff; border:1px solid #a2a9b1; padding:0.3em; font-size:90%;',
	plain = 'color:#54595d; font-size:85%; padding:0.2em 0.3em;',
}

-- The page's revision, when MediaWiki knows it (a preview has none).
local function revision(frame)
	return tonumber(frame:preprocess('{{REVISIONID}}'))
end

-- What the infobox shows, as plain data: used by the infobox and by p.reading.
function Env:infoboxModel(frame, title)
	local args = frame:getParent() and frame:getParent().args or frame.args
	local chosen = self:read(args)
	local scope = self:scope(title)
	local record = nil
	if scope == 'in' then
		record = self:record(title.prefixedText)
	end
	local current = revision(frame)
	local checked = record ~= nil and current ~= nil and record.revision == current
	if not checked then
		record = nil
	end
	local titleField = self:titleField()
	local rows = {}
	for _, spec in ipairs(self.fields) do
		if spec.name ~= titleField then
			local shown
			if checked then
				local list = values(record[spec.name])
				if #list > 0 then
					shown = self:formatField(spec, record[spec.name])
				end
			elseif chosen[spec.name] and not chosen[spec.name].blank then
				shown = chosen[spec.name].value
			end
			if shown and shown ~= '' then
				rows[#rows + 1] = { field = spec.name, label = self:fieldLabel(spec), html = shown, typed = not checked }
			end
		end
	end
	local heading
	if checked then
		heading = inert(displayName(record, titleField))
	elseif chosen[titleField] and not chosen[titleField].blank then
		heading = chosen[titleField].value
	else
		heading = inert(displayName({ page = title.text }, nil))
	end
	return {
		chosen = chosen,
		scope = scope,
		record = record,
		checked = checked,
		rows = rows,
		heading = heading,
		revision = current,
	}
end

function Env:notice(title, model)
	local pages = self.schema.pages
	if model.scope == 'outside' then
		local prefix = self.schema.scope.prefix
		local prefixLink = '[[Special:PrefixIndex/' .. prefix .. '|' .. inert(prefix) .. ']]'
		return 'warning', self:msg('partnerships-outside', prefixLink)
	end
	if model.scope ~= 'in' then
		return nil
	end
	if not model.checked then
		return 'plain', self:msg('partnerships-infobox-unchecked')
	end
	local counts = model.record.problems or {}
	local errors, warnings, infos = counts.error or 0, counts.warning or 0, counts.info or 0
	local target = ':' .. pages.problems .. '#' .. title.prefixedText
	if errors + warnings > 0 then
		local parts = {}
		if errors > 0 then
			parts[#parts + 1] = self:msg('partnerships-severity-error', errors)
		end
		if warnings > 0 then
			parts[#parts + 1] = self:msg('partnerships-severity-warning', warnings)
		end
		if infos > 0 then
			parts[#parts + 1] = self:msg('partnerships-severity-info', infos)
		end
		local kind = errors > 0 and 'error' or 'warning'
		return kind, self:msg('partnerships-infobox-problems', errors + warnings + infos, table.concat(parts, ', '), target)
	end
	if infos > 0 then
		return 'info', self:msg('partnerships-infobox-notes', infos, target)
	end
	return 'plain', self:msg('partnerships-infobox-checked')
end

function Env:setupError(page)
	return '<strong class="error" ' .. self:langAttrs() .. '>' .. self:msg('partnerships-setup-missing', inert(page)) .. '</strong>'
end

function p.infobox(frame)
	local env = environment(frame)
	if not env.schema then
		return env:setupError(env.base .. '/schema.json')
	end
	local title = mw.title.getCurrentTitle()
	local model = env:infoboxModel(frame, title)
	local root = mw.html.create('table')
		:addClass('infobox partnership-infobox')
		:attr('lang', env.code)
		:attr('dir', env.dir)
		:attr('style', (BOX_STYLE[env.dir] or BOX_STYLE.ltr) .. BOX_LOOK)
		:attr('data-partnership-checked', model.checked and 'yes' or 'no')
	root:tag('tr'):tag('th')
		:attr('colspan', '2')
		:css('font-size', '125%'):css('text-align', 'center'):css('padding', '0.3em 0.2em')
		:wikitext(model.heading)
	local kind, notice = env:notice(title, model)
	if notice then
		root:tag('tr'):tag('td')
			:attr('colspan', '2')
			:addClass('partnership-notice partnership-notice-' .. kind)
			:attr('style', NOTICE_STYLE[kind])
			:wikitext(notice)
	end
	for _, row in ipairs(model.rows) do
		local tr = root:tag('tr'):attr('data-field', row.field)
		tr:tag('th'):attr('scope', 'row'):attr('style', LABEL_STYLE[env.dir] or LABEL_STYLE.ltr):wikitext(inert(row.label))
		local td = tr:tag('td'):css('vertical-align', 'top')
		if row.typed and string.match(row.html, '^[%*#:;{]') then
			-- A value typed as a list or table needs to start on a line of its own.
			td:newline():wikitext(row.html):newline()
		else
			td:wikitext(row.html)
		end
	end
	local pages = env.schema.pages
	root:tag('tr'):tag('td')
		:attr('colspan', '2')
		:css('text-align', 'center'):css('font-size', '90%')
		:css('border-top', '1px solid #a2a9b1'):css('padding-top', '0.3em')
		:wikitext(env:msg('partnerships-infobox-footer', ':' .. pages.index, ':Template:' .. env.schema.template))
	local out = tostring(root)
	if model.scope == 'in' then
		out = out .. env:categories(title, model.record, model.chosen)
	elseif model.scope == 'outside' then
		out = out .. env:category(env.schema.categories.outside)
	end
	return out
end

-- Lists and counts ---------------------------------------------------------------------------

local OPTIONS = { columns = true, sort = true, limit = true, lang = true }
-- Rows a list shows when limit= does not say: enough for any page a reader reads, few enough
-- that a page of several lists stays within Lua's 50 MB and MediaWiki's 2 MB of output even
-- for a registry of 10,000 partnerships (benchmarks/bench_module.py). The table then says
-- how many matched; the index lists them all.
local DEFAULT_LIMIT = 500
local NONE, ANY = '-', '*'

function Env:fieldNames()
	local names = {}
	for _, spec in ipairs(self.fields) do
		names[#names + 1] = spec.name
	end
	return names
end

-- The ids, codes or texts a filter value stands for; nil and a message when it names none.
function Env:filterValues(spec, raw)
	raw = text.trim(raw)
	if raw == NONE or raw == ANY then
		return { [raw] = true }
	end
	local function one(item)
		item = text.trim(item)
		if item == NONE then
			return NONE
		end
		if spec.enum and self.schema.enums[spec.enum] then
			return self:matchEnum(spec, item)
		elseif spec.type == 'country' then
			return self.schema.country_match[matchKey(item)]
		elseif spec.type == 'date' then
			return string.match(item, '^%d%d%d%d$') or string.match(item, '^%d%d%d%d%-%d%d$')
				or string.match(item, '^%d%d%d%d%-%d%d%-%d%d$')
		elseif spec.type == 'user' then
			local name = ustring.gsub(item, '_', ' ')
			name = ustring.gsub(ustring.gsub(name, '^[Uu]ser:', ''), '%s+', ' ')
			return ustring.upper(ustring.sub(name, 1, 1)) .. ustring.sub(name, 2)
		end
		return ustring.lower(item)
	end
	local whole = one(raw)
	if whole then
		return { [whole] = true }
	end
	local wanted = {}
	for _, item in ipairs(text.split(raw, ',', true)) do
		if text.trim(item) ~= '' then
			local value = one(item)
			if not value then
				return nil, item
			end
			wanted[value] = true
		end
	end
	if next(wanted) == nil then
		return nil, raw
	end
	return wanted
end

function Env:acceptedValues(spec)
	if spec.enum and self.schema.enums[spec.enum] then
		local ids = {}
		for _, value in ipairs(self.schema.enums[spec.enum]) do
			ids[#ids + 1] = value.id .. ' (' .. self:enumLabel(spec, value.id) .. ')'
		end
		return table.concat(ids, ', ')
	end
	return ''
end

-- Does one value satisfy a filter?
local function matchesOne(spec, v, wanted)
	if spec.type == 'date' then
		for w in pairs(wanted) do
			if w ~= NONE and string.sub(v, 1, #w) == w then
				return true
			end
		end
		return false
	elseif spec.enum or spec.type == 'country' or spec.type == 'user' then
		return wanted[v] == true
	end
	return wanted[ustring.lower(v)] == true
end

-- Does one record's value (a string, a list, or nothing) satisfy a filter? Nothing is
-- allocated here: it runs for every record and filter, and Lua collects garbage late.
local function matches(spec, value, wanted)
	if value == nil or value == '' then
		return wanted[NONE] == true
	end
	if type(value) ~= 'table' then
		return wanted[ANY] == true or matchesOne(spec, value, wanted)
	end
	local any = false
	for _, v in ipairs(value) do
		if v ~= nil and v ~= '' then
			if wanted[ANY] or matchesOne(spec, v, wanted) then
				return true
			end
			any = true
		end
	end
	return not any and wanted[NONE] == true
end

-- The lang= and dir= attributes of what the module draws, so that Arabic reads right to left
-- on a page of any language (and aligns right: a left-to-right page aligns its text left).
function Env:langAttrs()
	local align = self.dir == 'rtl' and ' style="text-align:right"' or ''
	return 'lang="' .. self.code .. '" dir="' .. self.dir .. '"' .. align
end

function Env:errorText(message)
	return '<strong class="error" ' .. self:langAttrs() .. '>' .. message .. '</strong>'
end

-- The filters and options of a {{Partnerships list}} or {{Partnerships count}} call.
function Env:query(args)
	local query = { filters = {}, columns = nil, sort = nil, limit = nil }
	local names = {}
	for name in pairs(args) do
		if type(name) == 'string' then
			names[#names + 1] = name
		end
	end
	table.sort(names, byteLess)
	for _, name in ipairs(names) do
		local raw = text.trim(args[name])
		local option = ustring.lower(text.trim(name))
		if OPTIONS[option] then
			if raw ~= '' then
				query[option] = raw
			end
		elseif raw ~= '' then
			local hit = self.schema.params[paramKey(name)]
			if not hit then
				return nil, self:msg('partnerships-filter-unknown', inert(name), table.concat(self:fieldNames(), ', '))
			end
			local spec = self.byName[hit[1]]
			local wanted, bad = self:filterValues(spec, raw)
			if not wanted then
				if spec.type == 'date' then
					return nil, self:msg('partnerships-filter-date', inert(bad), inert(self:fieldLabel(spec)))
				end
				local accepted = self:acceptedValues(spec)
				return nil, self:msg('partnerships-filter-value', inert(bad), inert(self:fieldLabel(spec)), inert(accepted))
			end
			query.filters[#query.filters + 1] = { spec = spec, wanted = wanted }
		end
	end
	if query.limit then
		local n = tonumber(query.limit)
		if not n or n < 1 or n > 5000 or n ~= math.floor(n) then
			return nil, self:msg('partnerships-option-limit', inert(query.limit))
		end
		query.limit = n
	else
		query.limit = DEFAULT_LIMIT
	end
	return query
end

function Env:select(records, query)
	local out = {}
	for _, record in ipairs(records) do
		local ok = true
		for _, filter in ipairs(query.filters) do
			if not matches(filter.spec, record[filter.spec.name], filter.wanted) then
				ok = false
				break
			end
		end
		if ok then
			out[#out + 1] = record
		end
	end
	return out
end

local function collation(value)
	local s = ustring.lower(text.trim(ustring.gsub(value, '%s+', ' ')))
	s = ustring.toNFKD(s) or s
	return (ustring.gsub(s, MARKS, ''))
end

-- The bot's date_sort_value: 2018 -> 20180000, a missing date last.
local function dateSort(value)
	if type(value) ~= 'string' then
		return '99999999'
	end
	local y, m, d = string.match(value, '^(%d%d%d%d)%-?(%d?%d?)%-?(%d?%d?)$')
	if not y then
		return '99999999'
	end
	return y .. (m ~= '' and m or '00') .. (d ~= '' and d or '00')
end

function Env:order(rows, query)
	local titleField = self:titleField()
	local keyed = {}
	for i, record in ipairs(rows) do
		local name = displayName(record, titleField)
		keyed[i] = { record = record, name = collation(name), page = record.page }
	end
	local spec, descending = nil, false
	if query.sort then
		local name = query.sort
		if string.sub(name, 1, 1) == '-' then
			descending, name = true, string.sub(name, 2)
		end
		local hit = self.schema.params[paramKey(name)]
		if not hit then
			return nil, self:msg('partnerships-option-sort', inert(query.sort), table.concat(self:fieldNames(), ', '))
		end
		spec = self.byName[hit[1]]
		for _, item in ipairs(keyed) do
			local first = values(item.record[spec.name])[1]
			if spec.type == 'date' then
				item.key = dateSort(first)
			elseif first == nil then
				item.key = nil
			elseif spec.enum then
				item.key = collation(self:enumLabel(spec, first))
			elseif spec.type == 'country' then
				item.key = collation(self:countryName(first))
			else
				item.key = collation(first)
			end
		end
	end
	table.sort(keyed, function (a, b)
		if spec and spec.name ~= titleField and a.key ~= b.key then
			if a.key == nil then
				return false
			elseif b.key == nil then
				return true
			end
			if descending then
				return byteLess(b.key, a.key)
			end
			return byteLess(a.key, b.key)
		end
		if a.name ~= b.name then
			if descending and spec and spec.name == titleField then
				return byteLess(b.name, a.name)
			end
			return byteLess(a.name, b.name)
		end
		return byteLess(a.page, b.page)
	end)
	local out = {}
	for i, item in ipairs(keyed) do
		out[i] = item.record
	end
	return out
end

function Env:columns(query)
	local out = {}
	local given = query.columns
	local names = {}
	if given then
		names = text.split(given, ',', true)
	else
		for _, name in ipairs(self.schema.columns) do
			names[#names + 1] = name
		end
	end
	for _, name in ipairs(names) do
		name = text.trim(name)
		if name ~= '' then
			if ustring.lower(name) == 'problems' then
				out[#out + 1] = 'problems'
			else
				local hit = self.schema.params[paramKey(name)]
				if not hit then
					local accepted = table.concat(self:fieldNames(), ', ') .. ', problems'
					return nil, self:msg('partnerships-option-columns', inert(name), accepted)
				end
				out[#out + 1] = self.byName[hit[1]]
			end
		end
	end
	return out
end

function Env:cell(column, record)
	if column == 'problems' then
		local counts = record.problems or {}
		local n = (counts.error or 0) + (counts.warning or 0) + (counts.info or 0)
		if n == 0 then
			return '0', n
		end
		return '[[:' .. self.schema.pages.problems .. '#' .. record.page .. '|' .. n .. ']]', n
	end
	if column.role == 'title' then
		local name = displayName(record, column.name)
		return link(record.page, name), collation(name)
	end
	if column.type == 'date' then
		return self:formatDate(type(record[column.name]) == 'string' and record[column.name] or ''), dateSort(record[column.name])
	end
	return self:formatField(column, record[column.name]), nil
end

function Env:table(rows, columns)
	local lines = { '{| class="wikitable sortable partnerships-list" ' .. self:langAttrs(), '|-' }
	for _, column in ipairs(columns) do
		local label = column == 'problems' and self:msg('partnerships-column-problems') or self:fieldLabel(column)
		local attrs = ''
		if column == 'problems' then
			attrs = 'data-sort-type="number" '
		elseif column.type == 'date' then
			attrs = 'data-sort-type="number" '
		end
		lines[#lines + 1] = '! ' .. (attrs ~= '' and (attrs .. '| ') or '') .. inert(label)
	end
	for _, record in ipairs(rows) do
		lines[#lines + 1] = '|- data-page="' .. mw.text.encode(record.page) .. '"'
		for _, column in ipairs(columns) do
			local content, sort = self:cell(column, record)
			if column ~= 'problems' and column.type == 'date' then
				lines[#lines + 1] = '| data-sort-value="' .. sort .. '" | ' .. content
			elseif column == 'problems' then
				lines[#lines + 1] = '| style="text-align:right" | ' .. content
			else
				lines[#lines + 1] = '| ' .. content
			end
		end
	end
	lines[#lines + 1] = '|}'
	return table.concat(lines, '\n')
end

-- The call's arguments: those of {{#invoke:}} itself when it has any, else those of the
-- template that invokes it ({{Partnerships list|...}} is {{#invoke:Partnerships|list}}).
local function callArgs(frame)
	for _ in pairs(frame.args) do
		return frame.args
	end
	local parent = frame:getParent()
	return parent and parent.args or {}
end

function Env:run(frame, what)
	if not self.schema then
		return nil, self:setupError(self.base .. '/schema.json')
	end
	local templateName = what == 'count' and self.schema.templates.count or self.schema.templates.list
	local function fail(message)
		return nil, self:errorText(self:msg('partnerships-list-error', inert(templateName), message))
	end
	local query, problem = self:query(callArgs(frame))
	if not query then
		return fail(problem)
	end
	local records = self:records()
	if not records then
		local data = self.schema.pages.data
		return nil, self:errorText(self:msg('partnerships-list-no-data', link(data, data)))
	end
	return self:select(records, query), query, fail
end

function p.list(frame)
	local env = environment(frame)
	local rows, query, fail = env:run(frame, 'list')
	if not rows then
		return query
	end
	local columns, problem = env:columns(query)
	if not columns then
		return select(2, fail(problem))
	end
	local ordered, sortProblem = env:order(rows, query)
	if not ordered then
		return select(2, fail(sortProblem))
	end
	if #ordered == 0 then
		return '<div class="partnerships-list-empty" ' .. env:langAttrs() .. ">''" .. env:msg('partnerships-list-empty') .. "''</div>"
	end
	local total = #ordered
	if query.limit and total > query.limit then
		local cut = {}
		for i = 1, query.limit do
			cut[i] = ordered[i]
		end
		ordered = cut
	end
	local out = env:table(ordered, columns)
	if #ordered < total then
		out = out .. '\n<div class="partnerships-list-shown" ' .. env:langAttrs() .. '>'
			.. env:msg('partnerships-list-shown', #ordered, total) .. '</div>'
	end
	return out
end

function p.count(frame)
	local env = environment(frame)
	local rows, query = env:run(frame, 'count')
	if not rows then
		return query
	end
	return tostring(#rows)
end

-- For tests and tools: what the module reads ------------------------------------------------

-- These return JSON for action=expandtemplates (the tests read them there, unparsed).

-- {{#invoke:Partnerships|reading}} in place of the infobox: JSON of the infobox's model
-- (the parameter each field was read from, its value, what each row shows and its label, the
-- categories, the language chosen: its code, where it came from and its direction).
function p.reading(frame)
	local env = environment(frame)
	if not env.schema then
		return env:setupError(env.base .. '/schema.json')
	end
	local title = mw.title.getCurrentTitle()
	local model = env:infoboxModel(frame, title)
	local fields = {}
	for field, item in pairs(model.chosen) do
		fields[field] = { name = item.name, value = item.value, blank = item.blank }
	end
	local rows, labels = {}, {}
	for _, row in ipairs(model.rows) do
		rows[row.field] = row.html
		labels[row.field] = row.label
	end
	local cats = ''
	if model.scope == 'in' then
		cats = env:categories(title, model.record, model.chosen)
	end
	local kind, notice = env:notice(title, model)
	return text.jsonEncode({
		fields = fields,
		scope = model.scope,
		checked = model.checked,
		revision = model.revision,
		rows = rows,
		heading = model.heading,
		categories = cats,
		notice = notice and { kind = kind, text = notice } or false,
		labels = labels,
		language = { code = env.code, source = env.languageSource, dir = env.dir },
	})
end

-- {{#invoke:Partnerships|keys|text|shards}}: the module's keys of a text (percent-encoded, so
-- that any text can be passed), as JSON.
function p.keys(frame)
	local value = mw.uri.decode(frame.args[1] or '', 'PATH')
	local shards = tonumber(frame.args[2]) or 1
	return text.jsonEncode({
		param = paramKey(value),
		match = matchKey(value),
		shard = shardOf(value, shards),
	})
end

-- {{#invoke:Partnerships|pages|filters...}}: the pages a list with these filters selects, as JSON.
function p.pages(frame)
	local env = environment(frame)
	local rows, query = env:run(frame, 'list')
	if not rows then
		return query
	end
	local ordered = env:order(rows, query) or rows
	local pages = {}
	for i, record in ipairs(ordered) do
		pages[i] = record.page
	end
	return text.jsonEncode(pages)
end

return p
