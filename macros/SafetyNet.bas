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
