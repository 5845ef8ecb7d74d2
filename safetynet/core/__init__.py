"""The pure core: plain data in, plain data out. Never imports a file or Excel library."""
