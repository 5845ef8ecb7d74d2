Attribute VB_Name = "WrongName"
' A sample standard module for the VBA compiler tests.
Option Explicit

Public Const GREETING As String = "Café ok"

Sub SayHello()
    MsgBox GREETING & " " & Counter_Next()
End Sub

Function Counter_Next() As Long
    Static n As Long
    n = n + 1
    Counter_Next = n
End Function
