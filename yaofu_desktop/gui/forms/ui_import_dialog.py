# source-crc32: 0076da9d-4486
SOURCE_CRC32 = "0076da9d-4486"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout)

class Ui_ImportDialog(object):
    def setupUi(self, ImportDialog):
        if not ImportDialog.objectName():
            ImportDialog.setObjectName(u"ImportDialog")
        ImportDialog.resize(820, 520)
        self.mainLayout = QVBoxLayout(ImportDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(ImportDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.countsFrame = QFrame(ImportDialog)
        self.countsFrame.setObjectName(u"countsFrame")
        self.countsFrame.setFrameShape(QFrame.StyledPanel)
        self.countsFrame.setStyleSheet(u"QFrame#countsFrame { background: #f4f7fb; border: 1px solid #d6dde8; border-radius: 4px; }")
        self.countsLayout = QHBoxLayout(self.countsFrame)
        self.countsLayout.setObjectName(u"countsLayout")
        self.insertLabel = QLabel(self.countsFrame)
        self.insertLabel.setObjectName(u"insertLabel")

        self.countsLayout.addWidget(self.insertLabel)

        self.updateLabel = QLabel(self.countsFrame)
        self.updateLabel.setObjectName(u"updateLabel")

        self.countsLayout.addWidget(self.updateLabel)

        self.sameLabel = QLabel(self.countsFrame)
        self.sameLabel.setObjectName(u"sameLabel")

        self.countsLayout.addWidget(self.sameLabel)

        self.badLabel = QLabel(self.countsFrame)
        self.badLabel.setObjectName(u"badLabel")

        self.countsLayout.addWidget(self.badLabel)


        self.mainLayout.addWidget(self.countsFrame)

        self.problemsTable = QTableWidget(ImportDialog)
        if (self.problemsTable.columnCount() < 4):
            self.problemsTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.problemsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.problemsTable.setObjectName(u"problemsTable")
        self.problemsTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.problemsTable.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.problemsTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.problemsTable.setAlternatingRowColors(True)
        self.problemsTable.setWordWrap(True)
        self.problemsTable.setColumnCount(4)
        self.problemsTable.horizontalHeader().setStretchLastSection(True)
        self.problemsTable.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.problemsTable)

        self.moreLabel = QLabel(ImportDialog)
        self.moreLabel.setObjectName(u"moreLabel")
        self.moreLabel.setWordWrap(True)
        self.moreLabel.setStyleSheet(u"color: #777;")

        self.mainLayout.addWidget(self.moreLabel)

        self.warningsLabel = QLabel(ImportDialog)
        self.warningsLabel.setObjectName(u"warningsLabel")
        self.warningsLabel.setWordWrap(True)
        self.warningsLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.warningsLabel.setStyleSheet(u"color: #8a5a00;")

        self.mainLayout.addWidget(self.warningsLabel)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.exportProblemsButton = QPushButton(ImportDialog)
        self.exportProblemsButton.setObjectName(u"exportProblemsButton")
        self.exportProblemsButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.exportProblemsButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.importGoodButton = QPushButton(ImportDialog)
        self.importGoodButton.setObjectName(u"importGoodButton")
        self.importGoodButton.setAutoDefault(False)

        self.buttonLayout.addWidget(self.importGoodButton)

        self.cancelButton = QPushButton(ImportDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setAutoDefault(True)

        self.buttonLayout.addWidget(self.cancelButton)


        self.mainLayout.addLayout(self.buttonLayout)


        self.retranslateUi(ImportDialog)

        self.cancelButton.setDefault(True)


        QMetaObject.connectSlotsByName(ImportDialog)
    # setupUi

    def retranslateUi(self, ImportDialog):
        ImportDialog.setWindowTitle(QCoreApplication.translate("ImportDialog", u"\u5bfc\u5165Excel\u53f0\u8d26 \u2014 \u53d1\u73b0\u95ee\u9898", None))
        self.introLabel.setText(QCoreApplication.translate("ImportDialog", u"\u5de5\u4f5c\u7c3f\u4e2d\u6709\u4e9b\u884c\u9700\u8981\u6539\u6b63\u3002", None))
        self.insertLabel.setText(QCoreApplication.translate("ImportDialog", u"\u65b0\u589e\uff1a0 \u6761", None))
        self.updateLabel.setText(QCoreApplication.translate("ImportDialog", u"\u66f4\u65b0\uff1a0 \u6761", None))
        self.sameLabel.setText(QCoreApplication.translate("ImportDialog", u"\u672a\u53d8\uff1a0 \u6761", None))
        self.badLabel.setText(QCoreApplication.translate("ImportDialog", u"\u6709\u9519\u8bef\u7684\u884c\uff1a0 \u884c", None))
        ___qtablewidgetitem = self.problemsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ImportDialog", u"\u5de5\u4f5c\u8868", None))
        ___qtablewidgetitem1 = self.problemsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ImportDialog", u"\u884c", None))
        ___qtablewidgetitem2 = self.problemsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ImportDialog", u"\u5217", None))
        ___qtablewidgetitem3 = self.problemsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ImportDialog", u"\u539f\u56e0", None))
        self.exportProblemsButton.setText(QCoreApplication.translate("ImportDialog", u"\u5bfc\u51fa\u95ee\u9898\u6e05\u5355\u2026", None))
#if QT_CONFIG(tooltip)
        self.exportProblemsButton.setToolTip(QCoreApplication.translate("ImportDialog", u"\u628a\u8fd9\u4e9b\u95ee\u9898\u53e6\u5b58\u4e3a CSV \u6587\u4ef6\uff0c\u53ef\u7528 Excel \u6253\u5f00\uff0c\u5bf9\u7167\u6539\u6b63", None))
#endif // QT_CONFIG(tooltip)
        self.importGoodButton.setText(QCoreApplication.translate("ImportDialog", u"\u53ea\u5bfc\u5165\u6b63\u786e\u7684\u884c", None))
        self.cancelButton.setText(QCoreApplication.translate("ImportDialog", u"\u53d6\u6d88", None))
    # retranslateUi

