# source-crc32: 81624459-3864
SOURCE_CRC32 = "81624459-3864"
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_view.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QMetaObject)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout)

class Ui_AuditView(object):
    def setupUi(self, AuditView):
        if not AuditView.objectName():
            AuditView.setObjectName(u"AuditView")
        AuditView.resize(1040, 600)
        self.mainLayout = QVBoxLayout(AuditView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.ledgerLabel = QLabel(AuditView)
        self.ledgerLabel.setObjectName(u"ledgerLabel")

        self.filterLayout.addWidget(self.ledgerLabel)

        self.ledgerCombo = QComboBox(AuditView)
        self.ledgerCombo.setObjectName(u"ledgerCombo")
        self.ledgerCombo.setMinimumWidth(180)

        self.filterLayout.addWidget(self.ledgerCombo)

        self.dateCheck = QCheckBox(AuditView)
        self.dateCheck.setObjectName(u"dateCheck")

        self.filterLayout.addWidget(self.dateCheck)

        self.fromDate = QDateEdit(AuditView)
        self.fromDate.setObjectName(u"fromDate")
        self.fromDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.fromDate)

        self.toLabel = QLabel(AuditView)
        self.toLabel.setObjectName(u"toLabel")

        self.filterLayout.addWidget(self.toLabel)

        self.toDate = QDateEdit(AuditView)
        self.toDate.setObjectName(u"toDate")
        self.toDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.toDate)

        self.filterSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterLayout.addItem(self.filterSpacer)


        self.mainLayout.addLayout(self.filterLayout)

        self.table = QTableWidget(AuditView)
        if (self.table.columnCount() < 6):
            self.table.setColumnCount(6)
        __qtablewidgetitem = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.table.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setColumnCount(6)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.mainLayout.addWidget(self.table)

        self.pageLayout = QHBoxLayout()
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLabel = QLabel(AuditView)
        self.pageLabel.setObjectName(u"pageLabel")

        self.pageLayout.addWidget(self.pageLabel)

        self.pageSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.pageLayout.addItem(self.pageSpacer)

        self.prevButton = QPushButton(AuditView)
        self.prevButton.setObjectName(u"prevButton")
        self.prevButton.setAutoDefault(False)

        self.pageLayout.addWidget(self.prevButton)

        self.nextButton = QPushButton(AuditView)
        self.nextButton.setObjectName(u"nextButton")
        self.nextButton.setAutoDefault(False)

        self.pageLayout.addWidget(self.nextButton)

        self.closeButton = QPushButton(AuditView)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.pageLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.pageLayout)


        self.retranslateUi(AuditView)

        QMetaObject.connectSlotsByName(AuditView)
    # setupUi

    def retranslateUi(self, AuditView):
        AuditView.setWindowTitle(QCoreApplication.translate("AuditView", u"\u64cd\u4f5c\u8bb0\u5f55", None))
        self.ledgerLabel.setText(QCoreApplication.translate("AuditView", u"\u53f0\u8d26\uff1a", None))
        self.dateCheck.setText(QCoreApplication.translate("AuditView", u"\u65e5\u671f\u4ece", None))
        self.fromDate.setDisplayFormat(QCoreApplication.translate("AuditView", u"yyyy-MM-dd", None))
        self.toLabel.setText(QCoreApplication.translate("AuditView", u"\u81f3", None))
        self.toDate.setDisplayFormat(QCoreApplication.translate("AuditView", u"yyyy-MM-dd", None))
        ___qtablewidgetitem = self.table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("AuditView", u"\u65f6\u95f4", None))
        ___qtablewidgetitem1 = self.table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("AuditView", u"\u64cd\u4f5c\u4eba", None))
        ___qtablewidgetitem2 = self.table.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("AuditView", u"\u53f0\u8d26", None))
        ___qtablewidgetitem3 = self.table.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("AuditView", u"\u8bb0\u5f55", None))
        ___qtablewidgetitem4 = self.table.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("AuditView", u"\u64cd\u4f5c", None))
        ___qtablewidgetitem5 = self.table.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("AuditView", u"\u6539\u52a8\u5185\u5bb9\uff08\u6539\u524d \u2192 \u6539\u540e\uff09", None))
        self.prevButton.setText(QCoreApplication.translate("AuditView", u"\u4e0a\u4e00\u9875", None))
        self.nextButton.setText(QCoreApplication.translate("AuditView", u"\u4e0b\u4e00\u9875", None))
        self.closeButton.setText(QCoreApplication.translate("AuditView", u"\u5173\u95ed", None))
    # retranslateUi

