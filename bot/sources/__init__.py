"""Where page snapshots come from: offline folders and dumps, the registry on a wiki, and the state between runs.

* :mod:`bot.sources.offline`: a folder of ``.wiki`` files or an XML dump;
* :mod:`bot.sources.registry`: every page in the registry's scope, read
  through a :class:`~bot.sources.registry.ScopeReader` (the wiki), incrementally;
* :mod:`bot.sources.incremental`: which pages an incremental read fetches (pure);
* :mod:`bot.sources.state`: the atomic state file.
"""
