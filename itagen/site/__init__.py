"""Reading a site: site.yaml, content files, the year model, paths and what files/ publishes."""
