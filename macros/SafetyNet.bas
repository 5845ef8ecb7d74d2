Attribute VB_Name = "SafetyNet"
' SafetyNet Workbook buttons.
' Each button runs one function of the Python module safetynet.buttons through
' xlwings. The Python side catches every error and explains it in a message box,
' so nothing here needs error handling of its own.
Option Explicit

Sub ValidateEntries()
    RunPython "import safetynet.buttons as b; b.validate_entries()"
End Sub

Sub BuildAgenda()
    RunPython "import safetynet.buttons as b; b.build_agenda()"
End Sub

Sub PrintPacket()
    RunPython "import safetynet.buttons as b; b.print_packet()"
End Sub

Sub EmailPacket()
    RunPython "import safetynet.buttons as b; b.email_packet()"
End Sub

Sub RefreshDashboard()
    RunPython "import safetynet.buttons as b; b.refresh_dashboard()"
End Sub

Sub MonthlyReport()
    RunPython "import safetynet.buttons as b; b.monthly_report()"
End Sub

Sub MakeMOU()
    RunPython "import safetynet.buttons as b; b.make_mou()"
End Sub

Sub MakeConfidentialityForm()
    RunPython "import safetynet.buttons as b; b.make_confidentiality_form()"
End Sub

Sub CheckSetup()
    RunPython "import safetynet.buttons as b; b.check_setup()"
End Sub

Sub ImportRows()
    ' Desktop Excel offers a file chooser; where it has none (or it fails), the
    ' Python side imports the file named in the Import File setting instead.
    Dim chosen As Variant
    chosen = Empty
    On Error Resume Next
#If Mac Then
    chosen = Application.GetOpenFilename()
#Else
    chosen = Application.GetOpenFilename("Spreadsheets and CSV (*.csv;*.xlsx;*.xls;*.ods),*.csv;*.xlsx;*.xls;*.ods", 1, "Import rows into SafetyNet")
#End If
    On Error GoTo 0
    If VarType(chosen) = vbBoolean Then Exit Sub
    If IsEmpty(chosen) Then
        RunPython "import safetynet.buttons as b; b.import_file()"
    Else
        RunPython "import safetynet.buttons as b; b.import_file(path='" & Replace(Replace(CStr(chosen), "\", "\\"), "'", "\'") & "')"
    End If
End Sub
