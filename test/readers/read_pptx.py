"""Reads a .pptx with python-pptx and prints slides (texts with colours, tables, charts with their data and embedded workbook, pictures, notes) as JSON."""
import hashlib
import io
import json
import sys

import openpyxl
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE


def colours(frame):
    found = []
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            rgb = None
            try:
                rgb = str(run.font.color.rgb) if run.font.color and run.font.color.type is not None else None
            except AttributeError:
                rgb = None
            found.append({"text": run.text, "rgb": rgb, "size": run.font.size.pt if run.font.size is not None else None})
    return found


def chart_info(chart):
    plot = chart.plots[0]
    try:
        number_format = chart.value_axis.tick_labels.number_format
        axis_title = chart.value_axis.axis_title.text_frame.text if chart.value_axis.has_title else None
    except (ValueError, AttributeError):
        number_format, axis_title = None, None
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    sheet = book.worksheets[0]
    return {
        "type": str(chart.chart_type).split(" ")[0],
        "categories": [str(c) for c in plot.categories],
        "series": [{"name": s.name, "values": list(s.values)} for p in chart.plots for s in p.series],
        "numberFormat": number_format,
        "axisTitle": axis_title,
        "workbook": [[c.value for c in row] for row in sheet.iter_rows()],
        "workbookTypes": [[c.data_type for c in row] for row in sheet.iter_rows()],
    }


prs = Presentation(sys.argv[1])
slides = []
for slide in prs.slides:
    info = {"texts": [], "runs": [], "tables": [], "charts": [], "pictures": [], "notes": "", "layoutPictures": []}
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            info["texts"].append(shape.text_frame.text)
            info["runs"].extend(colours(shape.text_frame))
        if shape.has_table:
            info["tables"].append([[cell.text for cell in row.cells] for row in shape.table.rows])
        if shape.has_chart:
            info["charts"].append(chart_info(shape.chart))
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            info["pictures"].append(hashlib.sha256(shape.image.blob).hexdigest())
    for shape in slide.slide_layout.shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            info["layoutPictures"].append(hashlib.sha256(shape.image.blob).hexdigest())
    if slide.has_notes_slide:
        info["notes"] = slide.notes_slide.notes_text_frame.text
    slides.append(info)
print(json.dumps({"width": prs.slide_width, "height": prs.slide_height, "slides": slides}))
