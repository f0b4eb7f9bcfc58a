"""The PDF incident report: data gathered in SQL, a chart image, QTextDocument → QPdfWriter."""
