"""Word documents: templates, rendering, the packet, PDFs and the email draft."""
