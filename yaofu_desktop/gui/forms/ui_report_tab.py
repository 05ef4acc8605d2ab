# source-crc32: ca2131a2-14806
SOURCE_CRC32 = "ca2131a2-14806"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'report_tab.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, QSize, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QStackedWidget, QTabWidget, QTextBrowser, QToolButton, QTreeWidget, QVBoxLayout, QWidget)

class Ui_ReportTab(object):
    def setupUi(self, ReportTab):
        if not ReportTab.objectName():
            ReportTab.setObjectName(u"ReportTab")
        ReportTab.resize(1260, 700)
        self.mainLayout = QVBoxLayout(ReportTab)
        self.mainLayout.setSpacing(6)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(8, 8, 8, 6)
        self.headerLayout = QHBoxLayout()
        self.headerLayout.setSpacing(8)
        self.headerLayout.setObjectName(u"headerLayout")
        self.titleLabel = QLabel(ReportTab)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setStyleSheet(u"font-size: 12pt; font-weight: bold; color: #1f3f66;")

        self.headerLayout.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headerLayout.addItem(self.headerSpacer)

        self.progressBar = QProgressBar(ReportTab)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setMaximumSize(QSize(160, 16777215))
        self.progressBar.setMinimum(0)
        self.progressBar.setMaximum(0)
        self.progressBar.setTextVisible(False)

        self.headerLayout.addWidget(self.progressBar)

        self.progressLabel = QLabel(ReportTab)
        self.progressLabel.setObjectName(u"progressLabel")
        self.progressLabel.setStyleSheet(u"color: #1f5fa8;")

        self.headerLayout.addWidget(self.progressLabel)

        self.issueDateLabel = QLabel(ReportTab)
        self.issueDateLabel.setObjectName(u"issueDateLabel")

        self.headerLayout.addWidget(self.issueDateLabel)

        self.issueDateEdit = QDateEdit(ReportTab)
        self.issueDateEdit.setObjectName(u"issueDateEdit")
        self.issueDateEdit.setCalendarPopup(True)
        self.issueDateEdit.setMinimumSize(QSize(130, 0))

        self.headerLayout.addWidget(self.issueDateEdit)

        self.appendixCheck = QCheckBox(ReportTab)
        self.appendixCheck.setObjectName(u"appendixCheck")

        self.headerLayout.addWidget(self.appendixCheck)

        self.printButton = QPushButton(ReportTab)
        self.printButton.setObjectName(u"printButton")

        self.headerLayout.addWidget(self.printButton)

        self.wordButton = QPushButton(ReportTab)
        self.wordButton.setObjectName(u"wordButton")

        self.headerLayout.addWidget(self.wordButton)

        self.pdfButton = QPushButton(ReportTab)
        self.pdfButton.setObjectName(u"pdfButton")

        self.headerLayout.addWidget(self.pdfButton)


        self.mainLayout.addLayout(self.headerLayout)

        self.checksGroup = QGroupBox(ReportTab)
        self.checksGroup.setObjectName(u"checksGroup")
        self.checksLayout = QVBoxLayout(self.checksGroup)
        self.checksLayout.setObjectName(u"checksLayout")
        self.checksLayout.setContentsMargins(6, 4, 6, 6)
        self.checksList = QListWidget(self.checksGroup)
        self.checksList.setObjectName(u"checksList")
        self.checksList.setMaximumSize(QSize(16777215, 104))
        self.checksList.setSelectionMode(QAbstractItemView.SingleSelection)
        self.checksList.setWordWrap(True)

        self.checksLayout.addWidget(self.checksList)


        self.mainLayout.addWidget(self.checksGroup)

        self.splitter = QSplitter(ReportTab)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.sectionPanel = QWidget(self.splitter)
        self.sectionPanel.setObjectName(u"sectionPanel")
        self.sectionLayout = QVBoxLayout(self.sectionPanel)
        self.sectionLayout.setObjectName(u"sectionLayout")
        self.sectionLayout.setContentsMargins(0, 0, 0, 0)
        self.sectionsLabel = QLabel(self.sectionPanel)
        self.sectionsLabel.setObjectName(u"sectionsLabel")
        self.sectionsLabel.setStyleSheet(u"font-weight: bold;")

        self.sectionLayout.addWidget(self.sectionsLabel)

        self.sectionList = QListWidget(self.sectionPanel)
        self.sectionList.setObjectName(u"sectionList")
        self.sectionList.setMinimumSize(QSize(200, 0))
        self.sectionList.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)

        self.sectionLayout.addWidget(self.sectionList)

        self.helpLabel = QLabel(self.sectionPanel)
        self.helpLabel.setObjectName(u"helpLabel")
        self.helpLabel.setTextFormat(Qt.RichText)
        self.helpLabel.setWordWrap(True)
        self.helpLabel.setStyleSheet(u"color: #555; background: #f6f8fb; border: 1px solid #dde3ea; padding: 4px;")

        self.sectionLayout.addWidget(self.helpLabel)

        self.splitter.addWidget(self.sectionPanel)
        self.editorPanel = QWidget(self.splitter)
        self.editorPanel.setObjectName(u"editorPanel")
        self.editorLayout = QVBoxLayout(self.editorPanel)
        self.editorLayout.setSpacing(4)
        self.editorLayout.setObjectName(u"editorLayout")
        self.editorLayout.setContentsMargins(0, 0, 0, 0)
        self.sectionTitleLabel = QLabel(self.editorPanel)
        self.sectionTitleLabel.setObjectName(u"sectionTitleLabel")
        self.sectionTitleLabel.setStyleSheet(u"font-weight: bold;")
        self.sectionTitleLabel.setWordWrap(True)

        self.editorLayout.addWidget(self.sectionTitleLabel)

        self.editorStack = QStackedWidget(self.editorPanel)
        self.editorStack.setObjectName(u"editorStack")
        self.editorStack.setMinimumSize(QSize(320, 120))

        self.editorLayout.addWidget(self.editorStack)

        self.errorLabel = QLabel(self.editorPanel)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #c62828; background: #fdecea; border: 1px solid #f5c2c0; padding: 3px;")
        self.errorLabel.setWordWrap(True)

        self.editorLayout.addWidget(self.errorLabel)

        self.editButtonsLayout = QHBoxLayout()
        self.editButtonsLayout.setObjectName(u"editButtonsLayout")
        self.saveButton = QPushButton(self.editorPanel)
        self.saveButton.setObjectName(u"saveButton")

        self.editButtonsLayout.addWidget(self.saveButton)

        self.undoButton = QToolButton(self.editorPanel)
        self.undoButton.setObjectName(u"undoButton")

        self.editButtonsLayout.addWidget(self.undoButton)

        self.redoButton = QToolButton(self.editorPanel)
        self.redoButton.setObjectName(u"redoButton")

        self.editButtonsLayout.addWidget(self.redoButton)

        self.restoreButton = QPushButton(self.editorPanel)
        self.restoreButton.setObjectName(u"restoreButton")

        self.editButtonsLayout.addWidget(self.restoreButton)

        self.copyButton = QPushButton(self.editorPanel)
        self.copyButton.setObjectName(u"copyButton")

        self.editButtonsLayout.addWidget(self.copyButton)

        self.editButtonsSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.editButtonsLayout.addItem(self.editButtonsSpacer)

        self.savedLabel = QLabel(self.editorPanel)
        self.savedLabel.setObjectName(u"savedLabel")
        self.savedLabel.setStyleSheet(u"color: #666;")

        self.editButtonsLayout.addWidget(self.savedLabel)


        self.editorLayout.addLayout(self.editButtonsLayout)

        self.splitter.addWidget(self.editorPanel)
        self.sideTabs = QTabWidget(self.splitter)
        self.sideTabs.setObjectName(u"sideTabs")
        self.previewPanel = QWidget()
        self.previewPanel.setObjectName(u"previewPanel")
        self.previewLayout = QVBoxLayout(self.previewPanel)
        self.previewLayout.setSpacing(4)
        self.previewLayout.setObjectName(u"previewLayout")
        self.previewLayout.setContentsMargins(0, 0, 0, 0)
        self.previewLabel = QLabel(self.previewPanel)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setTextFormat(Qt.RichText)

        self.previewLayout.addWidget(self.previewLabel)

        self.preview = QTextBrowser(self.previewPanel)
        self.preview.setObjectName(u"preview")
        self.preview.setMinimumSize(QSize(360, 0))
        self.preview.setOpenLinks(False)

        self.previewLayout.addWidget(self.preview)

        self.sideTabs.addTab(self.previewPanel, "")
        self.figurePage = QWidget()
        self.figurePage.setObjectName(u"figurePage")
        self.figureLayout = QVBoxLayout(self.figurePage)
        self.figureLayout.setSpacing(4)
        self.figureLayout.setObjectName(u"figureLayout")
        self.figureLayout.setContentsMargins(6, 4, 6, 6)
        self.figureHint = QLabel(self.figurePage)
        self.figureHint.setObjectName(u"figureHint")
        self.figureHint.setWordWrap(True)
        self.figureHint.setStyleSheet(u"color: #555;")

        self.figureLayout.addWidget(self.figureHint)

        self.figureSearchLayout = QHBoxLayout()
        self.figureSearchLayout.setObjectName(u"figureSearchLayout")
        self.figureSearch = QLineEdit(self.figurePage)
        self.figureSearch.setObjectName(u"figureSearch")
        self.figureSearch.setClearButtonEnabled(True)

        self.figureSearchLayout.addWidget(self.figureSearch)

        self.formLabel = QLabel(self.figurePage)
        self.formLabel.setObjectName(u"formLabel")

        self.figureSearchLayout.addWidget(self.formLabel)

        self.formCombo = QComboBox(self.figurePage)
        self.formCombo.setObjectName(u"formCombo")

        self.figureSearchLayout.addWidget(self.formCombo)


        self.figureLayout.addLayout(self.figureSearchLayout)

        self.figureTree = QTreeWidget(self.figurePage)
        self.figureTree.setObjectName(u"figureTree")
        self.figureTree.setAlternatingRowColors(True)
        self.figureTree.setUniformRowHeights(True)

        self.figureLayout.addWidget(self.figureTree)

        self.sideTabs.addTab(self.figurePage, "")
        self.splitter.addWidget(self.sideTabs)

        self.mainLayout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.issueDateLabel.setBuddy(self.issueDateEdit)
        self.formLabel.setBuddy(self.formCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ReportTab)

        self.pdfButton.setDefault(True)
        self.sideTabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(ReportTab)
    # setupUi

    def retranslateUi(self, ReportTab):
        self.titleLabel.setText(QCoreApplication.translate("ReportTab", u"\u5e74\u5ea6\u6cd5\u6cbb\u653f\u5e9c\u5efa\u8bbe\u5de5\u4f5c\u62a5\u544a", None))
        self.issueDateLabel.setText(QCoreApplication.translate("ReportTab", u"\u6210\u6587\u65e5\u671f\uff1a", None))
#if QT_CONFIG(tooltip)
        self.issueDateEdit.setToolTip(QCoreApplication.translate("ReportTab", u"\u62a5\u544a\u843d\u6b3e\u5904\u7684\u65e5\u671f\uff08\u6210\u6587\u65e5\u671f\uff09\uff0c\u4fee\u6539\u540e\u7acb\u5373\u4fdd\u5b58", None))
#endif // QT_CONFIG(tooltip)
        self.issueDateEdit.setDisplayFormat(QCoreApplication.translate("ReportTab", u"yyyy\u5e74M\u6708d\u65e5", None))
#if QT_CONFIG(tooltip)
        self.appendixCheck.setToolTip(QCoreApplication.translate("ReportTab", u"\u5728\u62a5\u544a\u672b\u5c3e\u53e6\u8d77\u4e00\u9875\uff0c\u9644\u4e0a\u672c\u5e74\u5ea6\u4e0e\u4e0a\u4e00\u5e74\u5ea6\u7684\u4e3b\u8981\u7edf\u8ba1\u6570\u5b57\u5bf9\u7167\u8868", None))
#endif // QT_CONFIG(tooltip)
        self.appendixCheck.setText(QCoreApplication.translate("ReportTab", u"\u9644\u4ef6\uff1a\u4e3b\u8981\u7edf\u8ba1\u6570\u5b57\u8868", None))
#if QT_CONFIG(tooltip)
        self.printButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u6253\u5370\u9884\u89c8\u540e\u6253\u5370\u3002\u6253\u5370\u7684\u7248\u5f0f\u4e0e\u201c\u751f\u6210PDF\u201d\u5f97\u5230\u7684\u6587\u4ef6\u76f8\u540c\u3002", None))
#endif // QT_CONFIG(tooltip)
        self.printButton.setText(QCoreApplication.translate("ReportTab", u"\u6253\u5370\u2026", None))
#if QT_CONFIG(tooltip)
        self.wordButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u751f\u6210\u53ef\u5728 Word/WPS \u4e2d\u4fee\u6539\u7684\u62a5\u544a\u6587\u4ef6\uff08.docx\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.wordButton.setText(QCoreApplication.translate("ReportTab", u"\u751f\u6210Word\u2026", None))
#if QT_CONFIG(tooltip)
        self.pdfButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u6309\u516c\u6587\u683c\u5f0f\uff08GB/T 9704\uff09\u751f\u6210\u6b63\u5f0f\u7684\u62a5\u544a PDF \u6587\u4ef6", None))
#endif // QT_CONFIG(tooltip)
        self.pdfButton.setText(QCoreApplication.translate("ReportTab", u"\u751f\u6210PDF\u2026", None))
        self.checksGroup.setTitle(QCoreApplication.translate("ReportTab", u"\u751f\u6210\u524d\u68c0\u67e5", None))
#if QT_CONFIG(tooltip)
        self.checksList.setToolTip(QCoreApplication.translate("ReportTab", u"\u751f\u6210\u62a5\u544a\u524d\u7684\u68c0\u67e5\u7ed3\u679c\uff1a\u7ea2\u8272\u7684\u9519\u8bef\u5fc5\u987b\u5148\u6539\u6b63\uff0c\u6a59\u8272\u7684\u63d0\u9192\u8bf7\u6838\u5b9e\uff0c\u7070\u8272\u7684\u8bf4\u660e\u4f9b\u53c2\u8003\uff1b\u70b9\u51fb\u4e00\u6761\u53ef\u8f6c\u5230\u8981\u6539\u7684\u5730\u65b9", None))
#endif // QT_CONFIG(tooltip)
        self.sectionsLabel.setText(QCoreApplication.translate("ReportTab", u"\u62a5\u544a\u5404\u90e8\u5206", None))
#if QT_CONFIG(tooltip)
        self.sectionList.setToolTip(QCoreApplication.translate("ReportTab", u"\u62a5\u544a\u7684\u5404\u90e8\u5206\uff1a\u9009\u62e9\u4e00\u90e8\u5206\u4fee\u6539\uff1b\u5e26\u201c\u25cf\u201d\u7684\u6709\u5c1a\u672a\u4fdd\u5b58\u7684\u4fee\u6539\uff0c\u7070\u8272\u7684\u672c\u5e74\u5ea6\u4e0d\u5370\u51fa", None))
#endif // QT_CONFIG(tooltip)
        self.helpLabel.setText(QCoreApplication.translate("ReportTab", u"\u6bcf\u6bb5\u5de6\u8fb9\u7684\u989c\u8272\u662f\u5b83\u7684\u6765\u6e90\uff1a<br><span style=\"color:#1f5fa8\">\u25a0 \u6765\u81ea\u53f0\u8d26</span>\u3000<span style=\"color:#2e7d32\">\u25a0 \u81ea\u5df1\u586b\u5199</span><br><span style=\"color:#7b3fa0\">\u25a0 \u91c7\u7528\u7684\u5efa\u8bae</span>\u3000<span style=\"color:#9e9e9e\">\u25a0 \u5efa\u8bae\uff08\u672a\u91c7\u7528\uff09</span><br>\u7070\u8272\u7684\u5b57\u4e0d\u5199\u5165\u62a5\u544a\u3002", None))
#if QT_CONFIG(tooltip)
        self.helpLabel.setToolTip(QCoreApplication.translate("ReportTab", u"\u6765\u81ea\u53f0\u8d26\uff1a\u8f6f\u4ef6\u6839\u636e\u53f0\u8d26\u8bb0\u5f55\u5199\u51fa\u7684\u53e5\u5b50\uff0c\u6570\u5b57\u968f\u53f0\u8d26\u53d8\u5316\u3002\u81ea\u5df1\u586b\u5199\uff1a\u60a8\u5199\u7684\u6587\u5b57\u3002\u91c7\u7528\u7684\u5efa\u8bae\uff1a\u60a8\u9009\u7528\u7684\u5e38\u7528\u8bf4\u6cd5\uff0c\u53ef\u4ee5\u4fee\u6539\u3002\u672a\u91c7\u7528\u7684\u5efa\u8bae\u548c\u7070\u8272\u7684\u6bb5\u843d\u4e0d\u5199\u5165\u62a5\u544a\u3002\u9ec4\u8272\u5e95\u7684\u662f\u53f0\u8d26\u8ba1\u7b97\u7684\u6570\u5b57\uff1a\u4ece\u201c\u63d2\u5165\u7edf\u8ba1\u6570\u5b57\u201d\u53cc\u51fb\u63d2\u5165\uff0c\u53f3\u952e\u53ef\u6539\u5199\u6cd5\u3001\u67e5\u770b\u8fd9\u4e9b\u8bb0\u5f55\u3002\u6539\u597d\u540e\u70b9\u201c\u4fdd\u5b58\u201d\u6216\u6309 Ctrl+S\u3002", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(tooltip)
        self.saveButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u4fdd\u5b58\u672c\u5e74\u5ea6\u62a5\u544a\u7684\u5168\u90e8\u4fee\u6539\uff08Ctrl+S\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.saveButton.setText(QCoreApplication.translate("ReportTab", u"\u4fdd\u5b58", None))
#if QT_CONFIG(tooltip)
        self.undoButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u64a4\u9500\u8fd9\u4e00\u90e8\u5206\u4e2d\u521a\u624d\u7684\u4fee\u6539\uff08Ctrl+Z\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.undoButton.setText(QCoreApplication.translate("ReportTab", u"\u64a4\u9500", None))
#if QT_CONFIG(tooltip)
        self.redoButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u91cd\u505a\u521a\u624d\u64a4\u9500\u7684\u4fee\u6539\uff08Ctrl+Y\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.redoButton.setText(QCoreApplication.translate("ReportTab", u"\u91cd\u505a", None))
#if QT_CONFIG(tooltip)
        self.restoreButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u8fd9\u4e00\u90e8\u5206\u53ea\u7559\u4e0b\u6765\u81ea\u53f0\u8d26\u7684\u53e5\u5b50\u548c\u9ed8\u8ba4\u6807\u9898\uff08\u4fdd\u5b58\u540e\u751f\u6548\uff0c\u53ef\u64a4\u9500\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.restoreButton.setText(QCoreApplication.translate("ReportTab", u"\u6062\u590d\u9ed8\u8ba4", None))
#if QT_CONFIG(tooltip)
        self.copyButton.setToolTip(QCoreApplication.translate("ReportTab", u"\u628a\u4e0a\u4e00\u5e74\u5ea6\u4fdd\u5b58\u8fc7\u7684\u62a5\u544a\u6587\u5b57\u590d\u5236\u5230\u672c\u5e74\u5ea6\uff08\u4fdd\u5b58\u540e\u751f\u6548\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.copyButton.setText(QCoreApplication.translate("ReportTab", u"\u4ece\u4e0a\u4e00\u5e74\u590d\u5236\u2026", None))
        self.previewLabel.setText(QCoreApplication.translate("ReportTab", u"<b>\u9884\u89c8</b>\u3000<span style=\"background:#fff1a8\">\u9ec4\u8272\u5e95</span>\u662f\u7531\u53f0\u8d26\u8ba1\u7b97\u7684\u6570\u5b57\uff0c\u70b9\u51fb\u53ef\u67e5\u770b\u8fd9\u4e9b\u8bb0\u5f55", None))
        self.sideTabs.setTabText(self.sideTabs.indexOf(self.previewPanel), QCoreApplication.translate("ReportTab", u"\u9884\u89c8", None))
        self.figureHint.setText(QCoreApplication.translate("ReportTab", u"\u53cc\u51fb\u4e00\u4e2a\u6570\u5b57\uff0c\u63d2\u5165\u5230\u6b63\u5728\u7f16\u8f91\u7684\u4e00\u6bb5\u4e2d\u5149\u6807\u6240\u5728\u5904\uff1b\u63d2\u5165\u540e\u53f3\u952e\u6570\u5b57\u53ef\u6539\u5199\u6cd5\u3002", None))
        self.figureSearch.setPlaceholderText(QCoreApplication.translate("ReportTab", u"\u641c\u7d22\u6570\u5b57\u540d\u79f0\uff0c\u5982\u201c\u8c03\u89e3\u201d\u201c\u4fe1\u8bbf\u201d", None))
        self.formLabel.setText(QCoreApplication.translate("ReportTab", u"\u5199\u6cd5\uff1a", None))
#if QT_CONFIG(tooltip)
        self.formCombo.setToolTip(QCoreApplication.translate("ReportTab", u"\u63d2\u5165\u7684\u6570\u5b57\u5728\u62a5\u544a\u4e2d\u600e\u6837\u5199", None))
#endif // QT_CONFIG(tooltip)
        ___qtreewidgetitem = self.figureTree.headerItem()
        ___qtreewidgetitem.setText(1, QCoreApplication.translate("ReportTab", u"\u672c\u5e74\u5ea6", None))
        ___qtreewidgetitem.setText(0, QCoreApplication.translate("ReportTab", u"\u540d\u79f0", None))
#if QT_CONFIG(tooltip)
        self.figureTree.setToolTip(QCoreApplication.translate("ReportTab", u"\u53cc\u51fb\u4e00\u4e2a\u6570\u5b57\uff0c\u628a\u5b83\u63d2\u5165\u5230\u6b63\u5728\u7f16\u8f91\u7684\u4e00\u6bb5\u4e2d\u5149\u6807\u6240\u5728\u5904", None))
#endif // QT_CONFIG(tooltip)
        self.sideTabs.setTabText(self.sideTabs.indexOf(self.figurePage), QCoreApplication.translate("ReportTab", u"\u63d2\u5165\u7edf\u8ba1\u6570\u5b57", None))
        pass
    # retranslateUi

