"""The EIT/IIT survey links and their QR codes."""
